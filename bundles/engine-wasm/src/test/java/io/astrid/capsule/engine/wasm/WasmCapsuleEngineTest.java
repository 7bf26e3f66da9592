package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.manifest.Tool;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmCapsuleEngineTest {
  @TempDir
  Path dir;

  private CapsuleManifest manifest(Optional<String> hash) throws Exception {
    Files.write(dir.resolve("probe.wasm"), Wat2Wasm.parse(Files.readString(Path.of("src/test/wat/kernel-probe.wat"))));
    return CapsuleManifest.builder("probe", "1.0.0")
        .withComponent(new Component("probe.wasm", hash))
        .withTool(new Tool("lookup", "Looks something up", Map.of("type", "object")))
        .build();
  }

  private WasmCapsuleEngine engine(Engine polyglot, CapsuleManifest manifest) {
    return new WasmCapsuleEngine(polyglot, TestPlugins.services(new AllowAllGate(), dir, dir),
        (capsuleId, interceptor) -> () -> { }, manifest.component().orElseThrow(), Duration.ofSeconds(10), 64L << 20);
  }

  @Test
  void aToolOfTheManifestIsCalledThroughTheComponent() throws Exception {
    CapsuleManifest manifest = manifest(Optional.empty());
    try (Engine polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build()) {
      WasmCapsuleEngine engine = engine(polyglot, manifest);
      engine.load(new EngineContext("probe", manifest, dir, ModuleLayer.empty(), EngineMonitor.IGNORE));
      CapsuleTool lookup = engine.contributions().tools().getFirst();

      assertEquals(ToolResult.text("{\"name\":\"lookup\",\"arguments\":{\"q\":\"otters\"}}"),
          lookup.call(Map.of("q", "otters")));
      engine.unload();
      assertEquals(ToolResult.error("the component is not loaded"), lookup.call(Map.of()));
    }
  }

  @Test
  void aComponentWhoseHashDoesNotMatchIsNotLoaded() throws Exception {
    String wrong = "sha256:" + "0".repeat(64);
    CapsuleManifest manifest = manifest(Optional.of(wrong));
    try (Engine polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build()) {
      WasmCapsuleEngine engine = engine(polyglot, manifest);
      WasmCallException failure = assertThrows(WasmCallException.class,
          () -> engine.load(new EngineContext("probe", manifest, dir, ModuleLayer.empty(), EngineMonitor.IGNORE)));
      assertEquals(true, failure.getMessage().startsWith("component [probe.wasm]: hash mismatch: the manifest says ["
          + wrong + "], the file is [sha256:"), failure.getMessage());
    }
  }
}
