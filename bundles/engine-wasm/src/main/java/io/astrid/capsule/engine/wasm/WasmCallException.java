package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.internal.text.UntrustedText;

/**
 * A plugin call failed: the guest's error, a trap, a bad memory access, a timeout. Its message
 * usually quotes the guest (its {@code error_set} text, a name or path it passed), and it ends up
 * in logs, tool results and terminals, so the message is escaped here, once for every such place
 * (issue 20 finding 6).
 */
final class WasmCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WasmCallException(String message) {
    super(UntrustedText.escape(message));
  }

  WasmCallException(String message, Throwable cause) {
    super(UntrustedText.escape(message), cause);
  }
}
