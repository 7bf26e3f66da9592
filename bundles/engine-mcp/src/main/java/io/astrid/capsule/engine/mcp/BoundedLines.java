package io.astrid.capsule.engine.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Newline-delimited lines from a server (its messages on stdout, its log on stderr), each held to at
 * most {@code maxBytes}: of a longer line only the first {@code maxBytes} are kept, the rest is read
 * to the line's end and counted, never held in memory — except its last {@value #EDGE_BYTES} bytes.
 * A dropped response's first and last bytes are enough to tell which request it answered, so that
 * the call fails at once instead of at its timeout (issue 13, finding 10). Made with
 * {@link #endingAtCap}, the reading ends at the cap instead (a line that may never end, as on an
 * HTTP stream). A read that throws an {@link java.io.InterruptedIOException} (a deadline of the
 * stream's, see {@link PolledPipe}) keeps the part of the line read so far: the next call goes on
 * with it.
 */
final class BoundedLines {
  static final int EDGE_BYTES = 256;

  /**
   * One line read.
   *
   * @param text the line, or its first {@code maxBytes} when it was longer (a character cut there
   *     becomes U+FFFD)
   * @param droppedBytes how many bytes of the line were not kept (0 for a whole line)
   * @param tail the last {@value #EDGE_BYTES} bytes of a line that was cut, empty for a whole line
   */
  record Line(String text, long droppedBytes, String tail) {
    /** The line's length in bytes, kept and dropped. */
    long length() {
      return text.getBytes(StandardCharsets.UTF_8).length + droppedBytes;
    }

    /** The first {@value #EDGE_BYTES} characters of the line. */
    String head() {
      return text.substring(0, Math.min(EDGE_BYTES, text.length()));
    }
  }

  private final InputStream in;
  private final int maxBytes;
  private final boolean endAtCap;
  private final byte[] buffer = new byte[8192];
  private final byte[] tail = new byte[EDGE_BYTES];
  /** The line being read, kept between calls until it ends. */
  private ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long length;
  private long tailEnd;
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
    while (true) {
      if (position == limit) {
        position = 0;
        limit = 0;
        int read = in.read(buffer);
        if (read <= 0) {
          return length == 0 ? Optional.empty() : Optional.of(finish());
        }
        limit = read;
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      int kept = (int) Math.max(0, Math.min(chunk, maxBytes - length));
      line.write(buffer, start, kept);
      keepTail(buffer, start + kept, chunk - kept);
      length += chunk;
      if (endAtCap && length > maxBytes) {
        throw new IOException("a line has more than " + maxBytes + " bytes, at most " + maxBytes);
      }
      if (position < limit) {
        position++; // the newline
        return Optional.of(finish());
      }
    }
  }

  /** Remembers the last {@value #EDGE_BYTES} of the bytes not kept, in a ring. */
  private void keepTail(byte[] bytes, int offset, int count) {
    for (int i = Math.max(offset, offset + count - EDGE_BYTES); i < offset + count; i++) {
      tail[(int) (tailEnd++ % EDGE_BYTES)] = bytes[i];
    }
  }

  /** The line read so far, made whole; the next starts empty. */
  private Line finish() {
    try {
      return whole();
    } finally {
      line = new ByteArrayOutputStream(); // not reset: a long line's buffer would stay
      length = 0;
      tailEnd = 0;
    }
  }

  private Line whole() {
    String text = line.toString(StandardCharsets.UTF_8);
    long dropped = length - line.size();
    if (dropped == 0) {
      return new Line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text, 0, "");
    }
    // The last EDGE_BYTES of the whole line: the ring's, after what the kept part ends with when fewer were dropped.
    int fromRing = (int) Math.min(tailEnd, EDGE_BYTES);
    byte[] keptBytes = line.toByteArray();
    int fromKept = Math.min(EDGE_BYTES - fromRing, keptBytes.length);
    byte[] last = new byte[fromKept + fromRing];
    System.arraycopy(keptBytes, keptBytes.length - fromKept, last, 0, fromKept);
    for (int i = 0; i < fromRing; i++) {
      last[fromKept + i] = tail[(int) ((tailEnd - fromRing + i) % EDGE_BYTES)];
    }
    return new Line(text, dropped, new String(last, StandardCharsets.UTF_8));
  }
}
