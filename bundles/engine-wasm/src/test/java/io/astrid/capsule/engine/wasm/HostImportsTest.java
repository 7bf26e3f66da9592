package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How host functions are put together and linked: a name once, and a block result only where one can be made. */
class HostImportsTest {
  @Test
  void aNameDefinedTwiceIsRefused() {
    HostImports imports = new HostImports();
    imports.functions.put("astrid_log", (level, message) -> HostFunction.NO_RESULT);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> imports.blockResults.put("astrid_log", key -> 0));
    assertEquals("host function [astrid_log] is defined twice", refused.getMessage());
  }

  /** Linked as it is, the Java half would hand the guest a byte count where it expects a block. */
  @Test
  void aBlockResultTheResultsModuleCannotMakeRefusesTheLoad() {
    HostImports user = new HostImports();
    user.blockResults.put("astrid_fortune", key -> 0);
    try (Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build()) {
      ExtismKernel kernel = new ExtismKernel(Map.of(), WasmPluginTest.noHttp(), LoggerFactory.getLogger("probe"));
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> WasmPlugin.load(engine,
          TestPlugins.wasm("noop"), "noop", kernel, user, new GuestOutput(LoggerFactory.getLogger("probe")),
          TestPlugins.WATCHDOG));
      assertEquals("host-results.wasm makes no block for the results of [astrid_fortune]", refused.getMessage());
    }
  }

  /** Each call would fail with an arity error naming no function; the load fails naming both signatures. */
  @Test
  void aHostFunctionDeclaredWithOtherParametersRefusesTheLoad() {
    byte[] wasm = Wat2Wasm.parse("""
        (module
          (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
          (import "extism:host/env" "log_info" (func $log (param i64 i32)))
          (func (export "run") (result i32) (call $log (i64.const 0) (i32.const 0)) (i32.const 0)))
        """);
    try (Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build()) {
      WasmCallException refused = assertThrows(WasmCallException.class,
          () -> TestPlugins.kernelOnly(engine, wasm, "arity", Map.of(), WasmPluginTest.noHttp()));
      assertEquals("module [arity] imports extism:host/env log_info as (i64, i32) -> (), but the host's log_info"
          + " is (i64)", refused.getMessage());
    }
  }

  /** GraalWasm's linker would say only "incompatible import type" of a kernel function in WebAssembly. */
  @Test
  void aKernelFunctionDeclaredWithOtherParametersRefusesTheLoad() {
    byte[] wasm = Wat2Wasm.parse("""
        (module
          (import "extism:host/env" "alloc" (func $alloc (param i32) (result i64)))
          (func (export "run") (result i32) (drop (call $alloc (i32.const 1))) (i32.const 0)))
        """);
    try (Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build()) {
      WasmCallException refused = assertThrows(WasmCallException.class,
          () -> TestPlugins.kernelOnly(engine, wasm, "arity", Map.of(), WasmPluginTest.noHttp()));
      assertEquals("module [arity] imports extism:host/env alloc as (i32) -> (i64), but the host's alloc is"
          + " (i64) -> (i64)", refused.getMessage());
    }
  }
}
