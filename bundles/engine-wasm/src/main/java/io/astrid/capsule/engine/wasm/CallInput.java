package io.astrid.capsule.engine.wasm;

import java.io.InputStream;
import java.util.Objects;

/**
 * A plugin context's standard input: the running call's input and nothing more. The kernel reads it
 * with WASI's fd_read at the start of the call, one bulk copy inside the runtime, so the guest itself
 * finds standard input at its end. Used by one call at a time (the plugin serialises them).
 */
final class CallInput extends InputStream {
  private byte[] bytes = new byte[0];
  private int position;

  /** Serves {@code input} from its first byte. */
  void serve(byte[] input) {
    bytes = input;
    position = 0;
  }

  @Override
  public int read() {
    return position < bytes.length ? bytes[position++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    int count = Math.min(length, bytes.length - position);
    if (count <= 0) {
      return -1;
    }
    System.arraycopy(bytes, position, buffer, offset, count);
    position += count;
    return count;
  }

  @Override
  public int available() {
    return bytes.length - position;
  }
}
