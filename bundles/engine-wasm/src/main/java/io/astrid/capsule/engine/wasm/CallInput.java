package io.astrid.capsule.engine.wasm;

import java.io.InputStream;
import java.util.Objects;

/**
 * A plugin context's standard input: the bytes the host hands to the kernel (a call's input, a host
 * function's result), each served just before the kernel reads all of it with WASI's fd_read, one
 * bulk copy inside the runtime. The guest itself always finds standard input at its end. Used by
 * one call at a time (the plugin serialises them).
 */
final class CallInput extends InputStream {
  private static final byte[] NOTHING = new byte[0];

  private byte[] bytes = NOTHING;
  private int position;

  /** Serves {@code input} from its first byte. */
  void serve(byte[] input) {
    bytes = input;
    position = 0;
  }

  @Override
  public int read() {
    if (position >= bytes.length) {
      return -1;
    }
    int next = bytes[position++] & 0xFF;
    consumed();
    return next;
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
    consumed();
    return count;
  }

  /** Lets go of bytes read to the end: a plugin between calls holds no input of the last one. */
  private void consumed() {
    if (position == bytes.length) {
      bytes = NOTHING;
      position = 0;
    }
  }

  @Override
  public int available() {
    return bytes.length - position;
  }
}
