package io.astrid.capsule.core.internal.manifest;

import org.tomlj.TomlPosition;

/**
 * The manifest's text, to turn tomlj's key positions into value positions: a diagnostic about a
 * value points at the value, not at its key.
 */
final class SourceText {
  private final String[] lines;

  SourceText(String text) {
    this.lines = text.split("\r?\n", -1);
  }

  /**
   * The position of the value assigned to the key that starts at {@code keyPosition}: the first
   * non-blank character after the {@code =} that follows the key (quoted keys may hold a
   * {@code =}). Falls back to the key's own position where the line does not have that shape.
   */
  TomlPosition valueAfterKey(TomlPosition keyPosition) {
    int lineIndex = keyPosition.line() - 1;
    if (lineIndex < 0 || lineIndex >= lines.length) {
      return keyPosition;
    }
    String line = lines[lineIndex];
    int equals = equalsAfter(line, keyPosition.column() - 1);
    if (equals < 0) {
      return keyPosition;
    }
    int value = equals + 1;
    while (value < line.length() && (line.charAt(value) == ' ' || line.charAt(value) == '\t')) {
      value++;
    }
    return value < line.length() ? TomlPosition.positionAt(keyPosition.line(), value + 1) : keyPosition;
  }

  private static int equalsAfter(String line, int from) {
    char quote = 0;
    for (int i = Math.max(0, from); i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        return -1;
      } else if (c == '=') {
        return i;
      }
    }
    return -1;
  }
}
