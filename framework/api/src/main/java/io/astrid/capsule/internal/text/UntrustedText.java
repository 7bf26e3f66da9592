package io.astrid.capsule.internal.text;

/**
 * Text a guest or a server wrote, made safe for a log line, a message or a terminal: the one
 * escaping rule of the runtime (issue 20 finding 6). Every character that can end a line, move
 * the cursor, start a terminal escape or OSC sequence, or reorder what a reader sees is written as
 * a backslash, {@code u} and four hex digits ({@code "x\nWARN"} becomes {@code x\u000aWARN}):
 * C0 and C1 controls (newline, carriage return, ESC, BEL, DEL, CSI...), the line and paragraph
 * separators, and format characters (bidirectional overrides, zero-width characters). Everything
 * else, including backslashes, is kept as it is.
 */
public final class UntrustedText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private UntrustedText() {}

  /** {@code untrusted} with every unsafe character escaped; never null ({@code null} gives {@code "null"}). */
  public static String escape(String untrusted) {
    return escape(untrusted, false);
  }

  /**
   * {@link #escape}, except that line feeds and tabs are kept: for multi-line text shown on a
   * terminal, such as a tool's result, which may break lines but not move the cursor back over
   * them, recolour them or talk to the terminal.
   */
  public static String escapeKeepingLines(String untrusted) {
    return escape(untrusted, true);
  }

  private static String escape(String untrusted, boolean keepLines) {
    String text = String.valueOf(untrusted);
    StringBuilder safe = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int next = i + Character.charCount(codePoint);
      if (unsafe(codePoint) && !(keepLines && (codePoint == '\n' || codePoint == '\t'))) {
        // Each UTF-16 unit as JSON and Java write it, so a supplementary character stays readable.
        for (int j = i; j < next; j++) {
          char c = text.charAt(j);
          safe.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
              .append(HEX[c & 0xf]);
        }
      } else {
        safe.append(text, i, next);
      }
      i = next;
    }
    return safe.toString();
  }

  /**
   * {@link #truncate}d to {@code maxChars}, then {@link #escape}d: for names and lines that may be
   * huge.
   */
  public static String escape(String untrusted, int maxChars) {
    return escape(truncate(untrusted, maxChars));
  }

  /**
   * The first {@code maxChars} characters (code points) of {@code untrusted}, followed by
   * {@code ... (N more characters)} when it was longer; not escaped (for text meant for a model,
   * such as a tool's description, where a newline is fine but a megabyte is not).
   *
   * @throws IllegalArgumentException when {@code maxChars < 1}
   */
  public static String truncate(String untrusted, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars < 1: " + maxChars);
    }
    String text = String.valueOf(untrusted);
    int total = text.codePointCount(0, text.length());
    if (total <= maxChars) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, maxChars)) + "... (" + (total - maxChars)
        + " more characters)";
  }

  private static boolean unsafe(int codePoint) {
    return Character.isISOControl(codePoint) || switch (Character.getType(codePoint)) {
      case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
      default -> false;
    };
  }
}
