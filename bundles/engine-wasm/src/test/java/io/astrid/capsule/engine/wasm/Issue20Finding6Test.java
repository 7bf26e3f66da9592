package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.security.AllowAllGate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 finding 6: what a guest writes reaches the log escaped, one line per message, so it can
 * neither forge a line of its own nor send escape sequences to a terminal showing the log.
 */
class Issue20Finding6Test {
  private static final String HOSTILE = "x\nWARN forged capsule [notes] \u001b]0;pwned\u0007\r\u001b[2K";
  private static final String ESCAPED = "x\\u000aWARN forged capsule [notes] \\u001b]0;pwned\\u0007\\u000d\\u001b[2K";

  @TempDir
  static Path dir;
  private static Engine polyglot;
  private static WasmCapsuleEngine engine;

  @BeforeAll
  static void load() throws Exception {
    Files.write(dir.resolve("log-probe.wasm"), Wat2Wasm.parse(Files.readString(Path.of("src/test/wat/log-probe.wat"))));
    CapsuleManifest manifest = CapsuleManifest.builder("logger", "1.0.0")
        .withComponent(new Component("log-probe.wasm", Optional.empty())).build();
    polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    engine = new WasmCapsuleEngine(polyglot, TestPlugins.services(new AllowAllGate(), dir, dir),
        (capsuleId, interceptor) -> () -> { }, manifest.component().orElseThrow(), Duration.ofSeconds(10), 64L << 20);
    engine.load(new EngineContext("logger", manifest, dir, ModuleLayer.empty(), EngineMonitor.IGNORE));
  }

  @AfterAll
  static void unload() {
    engine.unload();
    polyglot.close();
  }

  @Test
  void finding6_astridLogWritesOneEscapedLine() {
    assertEquals(List.of("WARN capsule.logger - " + ESCAPED), logged("astrid_log", HOSTILE));
  }

  @Test
  void finding6_extismLogWritesOneEscapedLine() {
    assertEquals(List.of("WARN capsule.logger - " + ESCAPED), logged("log_warn", HOSTILE));
  }

  @Test
  void finding6_standardOutputIsSplitAtLineFeedsAndEachLineEscaped() {
    assertEquals(List.of("INFO capsule.logger - [guest] x",
        "INFO capsule.logger - [guest] WARN forged capsule [notes] \\u001b]0;pwned\\u0007"
            + "\\u000d\\u001b[2K"), logged("print", HOSTILE + "\n"));
  }

  @Test
  void finding6_theGuestsErrorIsEscapedInTheFailure() {
    WasmCallException failure = assertThrows(WasmCallException.class,
        () -> engine.call("fail", HOSTILE.getBytes(StandardCharsets.UTF_8)));
    assertEquals(ESCAPED, failure.getMessage());
  }

  /** The lines the call wrote to standard error (where the tests' logger writes), without the thread's name. */
  private static List<String> logged(String export, String input) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      engine.call(export, input.getBytes(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().map(line -> line.replaceFirst("^\\[[^]]*] ", ""))
        .toList();
  }
}
