package io.astrid.capsule.engine.mcp;

import io.astrid.capsule.internal.text.UntrustedText;

/**
 * A request to a server failed: an error response, a timeout, a dead connection. Its message often
 * quotes the server (an error response's text, a protocol version) and ends up in logs, tool
 * results and terminals, so it is escaped here once for all of them (issue 20 finding 6).
 */
final class McpError extends Exception {
  private static final long serialVersionUID = 1L;

  McpError(String message) {
    super(UntrustedText.escape(message));
  }

  McpError(String message, Throwable cause) {
    super(UntrustedText.escape(message), cause);
  }
}
