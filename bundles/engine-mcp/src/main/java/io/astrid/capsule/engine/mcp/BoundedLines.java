package io.astrid.capsule.engine.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Newline-delimited messages from a server, each at most {@code maxBytes} long. A longer line is
 * skipped to its end and reported as oversized instead of being held in memory, with its first and
 * last {@value #EDGE_BYTES} bytes: enough to tell which request a dropped response answered, so
 * that the call fails at once instead of at its timeout (issue 13, finding 10).
 */
final class BoundedLines {
  static final int EDGE_BYTES = 256;

  /**
   * One line read: its text; or, when it had to be dropped, how long it was and its edges (the
   * first and last {@value #EDGE_BYTES} bytes, empty for a line that was kept).
   */
  record Line(Optional<String> text, long droppedBytes, String head, String tail) {}

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;
  /** The last bytes of the line being dropped: a ring of {@value #EDGE_BYTES}, {@link #tailEnd} next. */
  private final byte[] tail = new byte[EDGE_BYTES];
  private long tailEnd;

  BoundedLines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or empty at the end of the stream. */
  Optional<Line> next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long length = 0;
    boolean dropping = false;
    String head = "";
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return length == 0 ? Optional.empty() : Optional.of(finish(line, length, dropping, head));
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      length += chunk;
      if (!dropping && length > maxBytes) {
        dropping = true;
        line.write(buffer, start, chunk);
        byte[] kept = line.toByteArray();
        head = new String(kept, 0, Math.min(EDGE_BYTES, kept.length), StandardCharsets.UTF_8);
        tailEnd = 0;
        keepTail(kept, 0, kept.length);
        line.reset();
      } else if (dropping) {
        keepTail(buffer, start, chunk);
      } else {
        line.write(buffer, start, chunk);
      }
      if (position < limit) {
        position++; // the newline
        return Optional.of(finish(line, length, dropping, head));
      }
    }
  }

  private void keepTail(byte[] bytes, int offset, int count) {
    for (int i = Math.max(offset, offset + count - EDGE_BYTES); i < offset + count; i++) {
      tail[(int) (tailEnd++ % EDGE_BYTES)] = bytes[i];
    }
  }

  private Line finish(ByteArrayOutputStream line, long length, boolean dropped, String head) {
    if (dropped) {
      int kept = (int) Math.min(tailEnd, EDGE_BYTES);
      byte[] last = new byte[kept];
      for (int i = 0; i < kept; i++) {
        last[i] = tail[(int) ((tailEnd - kept + i) % EDGE_BYTES)];
      }
      return new Line(Optional.empty(), length, head, new String(last, StandardCharsets.UTF_8));
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return new Line(Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text), 0, "", "");
  }
}
