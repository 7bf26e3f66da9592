package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The router's rule: which engine kinds a capsule needs, in load order. Static content first (it
 * cannot fail on anything but files), then the guest code, then the processes, then the cron jobs
 * (due only once everything else is up).
 */
final class EngineKinds {
  /** Where a capsule keeps its JVM code. */
  static final String JVM_LIBRARIES = "lib";

  private EngineKinds() {}

  static List<String> required(CapsuleManifest manifest, Path directory) {
    List<String> kinds = new ArrayList<>();
    kinds.add(EngineFactory.STATIC);
    if (manifest.component().isPresent()) {
      kinds.add(EngineFactory.WASM);
    }
    if (hasJars(directory.resolve(JVM_LIBRARIES))) {
      kinds.add(EngineFactory.JVM);
    }
    if (!manifest.mcpServers().isEmpty()) {
      kinds.add(EngineFactory.MCP);
    }
    if (manifest.component().isEmpty() && !manifest.cronJobs().isEmpty()) {
      kinds.add(EngineFactory.CRON); // with a component, the component's astrid_cron_trigger runs them
    }
    return List.copyOf(kinds);
  }

  private static boolean hasJars(Path lib) {
    if (!Files.isDirectory(lib)) {
      return false;
    }
    try (Stream<Path> files = Files.list(lib)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".jar"));
    } catch (IOException e) {
      return false;
    }
  }
}
