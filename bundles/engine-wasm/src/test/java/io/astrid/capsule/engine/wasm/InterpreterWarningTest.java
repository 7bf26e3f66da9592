package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one warning when guests cannot be compiled, and silence when they can. */
class InterpreterWarningTest {
  @Test
  void anInterpretedEngineGetsAWarningSayingHowToEnableTheCompiler() {
    String warning = WasmEngineFactory.interpreterWarning("Interpreted").orElseThrow();
    assertTrue(warning.contains("-XX:+EnableJVMCI") && warning.contains("--upgrade-module-path"), warning);
  }

  @Test
  void aCompilingEngineGetsNone() {
    assertEquals(Optional.empty(), WasmEngineFactory.interpreterWarning("GraalVM CE"));
    assertEquals(Optional.empty(), WasmEngineFactory.interpreterWarning("Oracle GraalVM"));
  }
}
