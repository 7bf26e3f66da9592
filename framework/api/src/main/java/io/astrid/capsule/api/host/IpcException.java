package io.astrid.capsule.api.host;

import io.astrid.capsule.api.CapsuleException;

/**
 * A {@link MessageBus} publish or subscription was refused: a capsule went past one of the bus's
 * limits, or published in the runtime's namespace. The message names the capsule, the topic and the
 * limit.
 */
public class IpcException extends CapsuleException {
  private static final long serialVersionUID = 1L;

  public IpcException(String message) {
    super(message);
  }
}
