package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * The router's rule: which engine kinds a capsule needs, in load order. Static content first (it
 * cannot fail on anything but files), then the guest code, then the processes, then the cron jobs
 * (due only once everything else is up).
 */
final class EngineKinds {
  private EngineKinds() {}

  static List<String> required(CapsuleManifest manifest) {
    List<String> kinds = new ArrayList<>();
    kinds.add(EngineFactory.STATIC);
    // The one place a component's kind is decided: a .jar entrypoint is JVM code, anything else WebAssembly.
    manifest.component().ifPresent(c -> kinds.add(c.isJvm() ? EngineFactory.JVM : EngineFactory.WASM));
    if (!manifest.mcpServers().isEmpty()) {
      kinds.add(EngineFactory.MCP);
    }
    // A WebAssembly component's astrid_cron_trigger runs its jobs; otherwise they are published as IPC topics.
    if (manifest.component().filter(c -> !c.isJvm()).isEmpty() && !manifest.cronJobs().isEmpty()) {
      kinds.add(EngineFactory.CRON);
    }
    return List.copyOf(kinds);
  }
}
