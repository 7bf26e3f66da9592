package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.internal.text.UntrustedText;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * A guest's WASI standard output and error, line by line into the capsule's log: never onto the
 * host's own standard output, which may be a protocol stream. Lines are cut at 64 KiB, and
 * escaped so that a carriage return or an escape sequence cannot forge or hide a log line.
 */
final class GuestOutput extends OutputStream {
  private final Logger log;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  GuestOutput(Logger log) {
    this.log = log;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n' || line.size() >= ExtismKernel.MAX_LOG_BYTES) {
      flushLine();
      if (b == '\n') {
        return;
      }
    }
    line.write(b);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void flush() {
    if (line.size() > 0) {
      flushLine();
    }
  }

  private void flushLine() {
    log.info("[guest] {}", UntrustedText.escape(line.toString(StandardCharsets.UTF_8)));
    line.reset();
  }
}
