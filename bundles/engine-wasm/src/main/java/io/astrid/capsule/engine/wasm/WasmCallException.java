package io.astrid.capsule.engine.wasm;

/** A plugin call failed: the guest's error, a trap, a bad memory access, a timeout. */
final class WasmCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WasmCallException(String message) {
    super(message);
  }

  WasmCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
