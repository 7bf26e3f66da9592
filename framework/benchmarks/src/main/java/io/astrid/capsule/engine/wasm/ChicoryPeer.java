package io.astrid.capsule.engine.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.extism.sdk.chicory.ExtismHostFunction;
import org.extism.sdk.chicory.ExtismValType;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.ManifestWasm;
import org.extism.sdk.chicory.Plugin;

/**
 * A peer: Extism's Java SDK on Chicory, with its AoT compiler (the plugin and Extism's own kernel
 * become JVM bytecode at load). {@code astrid_get_config} is a host function answering from the
 * rows' configuration, as our engine does from the capsule's.
 */
final class ChicoryPeer {
  private ChicoryPeer() {}

  /** One plugin per row, and the call of its export. */
  static Map<String, CallTimer.Call> calls(List<LatencyRow> rows) throws IOException {
    Map<String, CallTimer.Call> calls = new LinkedHashMap<>();
    for (LatencyRow row : rows) {
      Manifest manifest = Manifest.ofWasms(ManifestWasm.fromBytes(Files.readAllBytes(row.wasm())).build())
          .withOptions(new Manifest.Options().withAoT()).build();
      Plugin plugin = Plugin.ofManifest(manifest).withHostFunctions(getConfig()).build();
      calls.put(row.name(), () -> plugin.call(row.export(), row.input()));
    }
    return calls;
  }

  /** A host function binds to one plugin, so each plugin gets its own. */
  private static ExtismHostFunction getConfig() {
    return ExtismHostFunction.of("astrid_get_config", List.of(ExtismValType.I64), List.of(ExtismValType.I64),
        (plugin, args, results) -> {
          String key = plugin.memory().readString(args.getLong(0));
          results.setLong(0, key.equals(LatencyRow.CONFIG_KEY) ? plugin.memory().writeString(LatencyRow.CONFIG_ANSWER)
              : 0);
        });
  }
}
