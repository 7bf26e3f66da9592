package io.astrid.capsule.engine.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Newline-delimited messages from a server, each at most {@code maxBytes} long. A longer line is
 * skipped to its end and reported as oversized instead of being held in memory, or, made with
 * {@link #endingAtCap}, ends the reading at the cap (a line that may never end, as on an HTTP stream).
 */
final class BoundedLines {
  /** One line read: its text, or how long it was when it had to be dropped. */
  record Line(Optional<String> text, long droppedBytes) {}

  private final InputStream in;
  private final int maxBytes;
  private final boolean endAtCap;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;

  BoundedLines(InputStream in, int maxBytes) {
    this(in, maxBytes, false);
  }

  private BoundedLines(InputStream in, int maxBytes, boolean endAtCap) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.endAtCap = endAtCap;
  }

  /** Lines whose reading ends with an {@link IOException} at the first byte past the cap. */
  static BoundedLines endingAtCap(InputStream in, int maxBytes) {
    return new BoundedLines(in, maxBytes, true);
  }

  /** The next line, or empty at the end of the stream. */
  Optional<Line> next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long length = 0;
    boolean dropping = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return length == 0 ? Optional.empty() : Optional.of(finish(line, length, dropping));
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      length += chunk;
      if (!dropping && length > maxBytes) {
        if (endAtCap) {
          throw new IOException("a line has more than " + maxBytes + " bytes, at most " + maxBytes);
        }
        dropping = true;
        line.reset();
      }
      if (!dropping) {
        line.write(buffer, start, chunk);
      }
      if (position < limit) {
        position++; // the newline
        return Optional.of(finish(line, length, dropping));
      }
    }
  }

  private static Line finish(ByteArrayOutputStream line, long length, boolean dropped) {
    if (dropped) {
      return new Line(Optional.empty(), length);
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return new Line(Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text), 0);
  }
}
