package io.astrid.capsule.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Issue 20 finding 6: the one escaping rule for what guests and servers write. */
class UntrustedTextTest {
  @Test
  void finding6_controlSeparatorAndFormatCharactersAreEscapedAndTheRestKept() {
    assertEquals("x\\u000aWARN forged", UntrustedText.escape("x\nWARN forged"));
    assertEquals("\\u001b]0;pwned\\u0007\\u001b[2K\\u000d\\u0009\\u007f\\u009b", UntrustedText.escape(
        "\u001b]0;pwned\u0007\u001b[2K\r\t\u007f\u009b"));
    assertEquals("a\\u2028b\\u2029c \\u202etxt.exe \\u200b \\udb40\\udc01", UntrustedText.escape(
        "a\u2028b\u2029c \u202etxt.exe \u200b \udb40\udc01"));
    assertEquals("notes/ünïcode 🦦 \\back\\slash", UntrustedText.escape("notes/ünïcode 🦦 \\back\\slash"));
    assertEquals("null", UntrustedText.escape(null));
  }

  @Test
  void finding6_escapingTwiceChangesNothing() {
    String once = UntrustedText.escape("a\nb\u001b");
    assertEquals(once, UntrustedText.escape(once));
  }

  @Test
  void finding6_forATerminalLineFeedsAndTabsAreKept() {
    assertEquals("line one\n\tline two\\u000d\\u001b[31m", UntrustedText.escapeKeepingLines(
        "line one\n\tline two\r\u001b[31m"));
  }

  @Test
  void finding6_longTextIsCutByCharactersWithTheCountOfWhatWasCut() {
    assertEquals("nnnnn... (99995 more characters)", UntrustedText.escape("n".repeat(100_000), 5));
    assertEquals("🦦🦦... (1 more characters)", UntrustedText.truncate("🦦🦦🦦", 2));
    assertEquals("two\\u000a... (3 more characters)", UntrustedText.escape("two\nbad", 4));
    assertEquals("short\n", UntrustedText.truncate("short\n", 6));
    assertEquals("maxChars < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> UntrustedText.truncate("x", 0)).getMessage());
  }
}
