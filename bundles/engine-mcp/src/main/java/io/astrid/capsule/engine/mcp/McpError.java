package io.astrid.capsule.engine.mcp;

/** A request to a server failed: an error response, a timeout, a dead connection. */
final class McpError extends Exception {
  private static final long serialVersionUID = 1L;

  McpError(String message) {
    super(message);
  }

  McpError(String message, Throwable cause) {
    super(message, cause);
  }
}
