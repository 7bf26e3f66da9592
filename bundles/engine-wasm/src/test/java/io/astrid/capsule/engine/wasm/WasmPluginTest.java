package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Extism kernel and plugin calls on GraalVM WebAssembly, with a plugin built from committed WAT. */
class WasmPluginTest {
  private static Engine engine;
  private static WasmPlugin plugin;

  @BeforeAll
  static void load() throws Exception {
    engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    byte[] wasm = Wat2Wasm.parse(Files.readString(Path.of("src/test/wat/kernel-probe.wat")));
    plugin = WasmPlugin.load(engine, wasm, "kernel-probe.wasm", Map.of(), LoggerFactory.getLogger("probe"));
  }

  @AfterAll
  static void close() {
    plugin.close();
    engine.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anExportGetsItsInputAndReturnsItsOutput() {
    assertArrayEquals(utf8("héllo, wörld"), plugin.call("echo", utf8("héllo, wörld"), Duration.ofSeconds(10)));
    assertArrayEquals(new byte[0], plugin.call("echo", new byte[0], Duration.ofSeconds(10)));
  }

  @Test
  void theGuestsErrorIsTheCallsFailure() {
    assertEquals("no such issue: 42", assertThrows(WasmCallException.class,
        () -> plugin.call("fail", utf8("no such issue: 42"), Duration.ofSeconds(10))).getMessage());
    assertArrayEquals(utf8("fine again"), plugin.call("echo", utf8("fine again"), Duration.ofSeconds(10)));
  }

  @Test
  void variablesOutliveOneCall() {
    plugin.call("remember", utf8("kept"), Duration.ofSeconds(10));
    assertArrayEquals(utf8("kept"), plugin.call("recall", new byte[0], Duration.ofSeconds(10)));
  }

  @Test
  void aRunawayCallIsInterruptedAndThePluginStaysUsable() {
    assertEquals("export [spin] timed out after 300 ms", assertThrows(WasmCallException.class,
        () -> plugin.call("spin", new byte[0], Duration.ofMillis(300))).getMessage());
    assertArrayEquals(utf8("alive"), plugin.call("echo", utf8("alive"), Duration.ofSeconds(10)));
  }

  @Test
  void aMissingExportIsAClearError() {
    assertEquals("the plugin has no export [nothing]", assertThrows(WasmCallException.class,
        () -> plugin.call("nothing", new byte[0], Duration.ofSeconds(10))).getMessage());
  }
}
