package io.astrid.capsule.api.tool;

import io.astrid.capsule.api.CapsuleException;

/**
 * A {@link ToolCaller} could not do what it was asked: the client lacks the capability, answered
 * with an error, declined, or did not answer in time. {@link #code()} is the JSON-RPC error code
 * for whoever passes the failure on (the client's own code when it answered with an error).
 */
public class ToolCallerException extends CapsuleException {
  private static final long serialVersionUID = 1L;

  /** JSON-RPC: the method is not available (the client did not declare its capability). */
  public static final int METHOD_NOT_FOUND = -32601;

  /** JSON-RPC: an internal error (no answer in time, the client gone, the call over). */
  public static final int INTERNAL_ERROR = -32603;

  private final int code;

  public ToolCallerException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The JSON-RPC error code to pass on. */
  public int code() {
    return code;
  }
}
