package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How host functions are put together and linked: a name once, and a block result only where one can be made. */
class HostImportsTest {
  @Test
  void aNameDefinedTwiceIsRefused() {
    HostImports imports = new HostImports().put("astrid_log", (level, message) -> HostFunction.NO_RESULT);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> imports.putBlockResult("astrid_log", key -> 0));
    assertEquals("host function [astrid_log] is defined twice", refused.getMessage());
  }

  /** Linked as it is, the Java half would hand the guest a byte count where it expects a block. */
  @Test
  void aBlockResultTheResultsModuleCannotMakeRefusesTheLoad() {
    HostImports user = new HostImports().putBlockResult("astrid_fortune", key -> 0);
    try (Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build()) {
      ExtismKernel kernel = new ExtismKernel(Map.of(), WasmPluginTest.noHttp(), LoggerFactory.getLogger("probe"));
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> WasmPlugin.load(engine,
          TestPlugins.wasm("noop"), "noop", kernel, user, new GuestOutput(LoggerFactory.getLogger("probe"))));
      assertEquals("host-results.wasm makes no block for the results of [astrid_fortune]", refused.getMessage());
    }
  }
}
