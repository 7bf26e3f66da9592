package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capsule with a WebAssembly component in the real runtime: GraalVM from the boot path, the wasm bundle. */
class WasmCapsuleIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aToolOfTheComponentIsCalledThroughThePipeline(@TempDir Path dir) throws Exception {
    Path manifestFile = ProbeCapsule.writeTo(dir);
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
          .read(manifestFile).orThrow();
      registry.install(manifest, dir);

      assertEquals(CapsuleState.READY, registry.awaitSettled("probe", TIMEOUT).state(),
          registry.capsule("probe").orElseThrow().status().toString());
      assertEquals(ToolResult.text("{\"name\":\"lookup\",\"arguments\":{\"q\":\"otters\"}}"),
          registry.call("capsule:probe:lookup", Map.of("q", "otters")));
      assertEquals(true, registry.call("capsule:probe:lookup", Map.of()).isError(), "the schema still applies");
    }
  }
}
