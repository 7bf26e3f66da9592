package io.astrid.capsule.engine.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Newline-delimited lines from a server (its messages on stdout, its log on stderr), each held to at
 * most {@code maxBytes}: of a longer line only the first {@code maxBytes} are kept, the rest is
 * read to the line's end and counted, never held in memory.
 */
final class BoundedLines {
  /**
   * One line read.
   *
   * @param text the line, or its first {@code maxBytes} when it was longer (a character cut there
   *     becomes U+FFFD)
   * @param droppedBytes how many bytes of the line were not kept (0 for a whole line)
   */
  record Line(String text, long droppedBytes) {}

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;

  BoundedLines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or empty at the end of the stream. */
  Optional<Line> next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long length = 0;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return length == 0 ? Optional.empty() : Optional.of(finish(line, length));
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      line.write(buffer, start, (int) Math.max(0, Math.min(chunk, maxBytes - length)));
      length += chunk;
      if (position < limit) {
        position++; // the newline
        return Optional.of(finish(line, length));
      }
    }
  }

  private static Line finish(ByteArrayOutputStream line, long length) {
    String text = line.toString(StandardCharsets.UTF_8);
    long dropped = length - line.size();
    return new Line(dropped == 0 && text.endsWith("\r") ? text.substring(0, text.length() - 1) : text, dropped);
  }
}
