package io.astrid.capsule.core.internal.manifest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.tomlj.TomlPosition;

/**
 * How deeply a TOML text nests, found by one scan before it is parsed: tomlj parses arrays and
 * inline tables recursively, and it and every walk of its tables recurse once per level, so 2,000
 * levels (4 KB of brackets) overflowed the stack of whatever command read the manifest (issue 13,
 * finding 6). A level is an array, an inline table, a table header's key part or a dotted key's
 * part: under {@code [a.b]}, {@code c.d = [[1]]} reaches level 5. Strings (basic, literal, multi-line)
 * and comments are skipped, so a bracket or dot inside them counts for nothing.
 */
final class TomlNesting {
  /** The most levels a manifest may nest; a tool's JSON Schema written inline needs about ten. */
  static final int MAX_LEVELS = 64;

  private final String text;
  private int index;
  private int line = 1;
  private int lineStart;

  private TomlNesting(String text) {
    this.text = text;
  }

  /** The place where {@code text} first nests deeper than {@link #MAX_LEVELS}, or empty. */
  static Optional<TomlPosition> tooDeep(String text) {
    return new TomlNesting(text).scan();
  }

  /** An open array ({@code [}) or inline table ({@code {}) and its level. */
  private record Open(char bracket, int level) {}

  private Optional<TomlPosition> scan() {
    Deque<Open> open = new ArrayDeque<>();
    int tableLevel = 0; // of the table the current header opened
    boolean inKey = true;
    int keyLevel = 1; // of the key being read: its container's level plus its parts so far
    int valueLevel = 0; // of a value assigned to the key just read
    boolean lineStartsHere = true;
    while (index < text.length()) {
      char c = text.charAt(index);
      if (c == '\n') {
        newLine();
        if (open.isEmpty()) {
          inKey = true;
          keyLevel = tableLevel + 1;
          lineStartsHere = true;
        }
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        index++;
        continue;
      }
      boolean atLineStart = lineStartsHere;
      lineStartsHere = false;
      if (c == '#') {
        while (index < text.length() && text.charAt(index) != '\n') {
          index++;
        }
        lineStartsHere = atLineStart;
        continue;
      }
      if (c == '"' || c == '\'') {
        skipString(c);
        continue;
      }
      if (atLineStart && open.isEmpty() && c == '[') {
        Optional<Integer> header = header();
        if (header.isEmpty()) {
          return Optional.of(position());
        }
        tableLevel = header.get();
        inKey = false;
        continue;
      }
      if (inKey) {
        if (c == '.' && ++keyLevel > MAX_LEVELS) {
          return Optional.of(position());
        }
        if (c == '=') {
          if (keyLevel > MAX_LEVELS) { // a key in a table whose header is at the limit
            return Optional.of(position());
          }
          inKey = false;
          valueLevel = keyLevel;
        }
        index++;
        continue;
      }
      switch (c) {
        case '[', '{' -> {
          int level = !open.isEmpty() && open.peek().bracket() == '[' ? open.peek().level() + 1 : valueLevel;
          if (level > MAX_LEVELS) {
            return Optional.of(position());
          }
          open.push(new Open(c, level));
          if (c == '{') {
            inKey = true;
            keyLevel = level + 1;
          }
        }
        case ']', '}' -> {
          open.poll();
          inKey = false;
        }
        case ',' -> {
          if (!open.isEmpty() && open.peek().bracket() == '{') {
            inKey = true;
            keyLevel = open.peek().level() + 1;
          }
        }
        default -> { }
      }
      index++;
    }
    return Optional.empty();
  }

  /**
   * Reads a table header from its {@code [}: the level of the table it opens (its key's parts, one
   * more for an array of tables), or empty when that passes the limit, with {@link #index} at the
   * part that does.
   */
  private Optional<Integer> header() {
    boolean arrayOfTables = index + 1 < text.length() && text.charAt(index + 1) == '[';
    index += arrayOfTables ? 2 : 1;
    int level = arrayOfTables ? 2 : 1;
    while (index < text.length() && text.charAt(index) != ']' && text.charAt(index) != '\n') {
      char c = text.charAt(index);
      if (c == '"' || c == '\'') {
        skipString(c);
        continue;
      }
      if (c == '.' && ++level > MAX_LEVELS) {
        return Optional.empty();
      }
      index++;
    }
    return Optional.of(level);
  }

  /** Skips the string that starts at {@link #index} with {@code quote}, single-line or multi-line. */
  private void skipString(char quote) {
    String triple = String.valueOf(quote).repeat(3);
    boolean multiLine = text.startsWith(triple, index);
    index += multiLine ? 3 : 1;
    while (index < text.length()) {
      char c = text.charAt(index);
      if (c == '\\' && quote == '"') {
        index++; // and the escaped character, unless it is a line end (a line-ending backslash), counted below
        if (index < text.length() && text.charAt(index) != '\n') {
          index++;
        }
      } else if (multiLine ? text.startsWith(triple, index) : c == quote) {
        index += multiLine ? 3 : 1;
        // A multi-line string may end with up to two more quotes of its own: """a""""" is a"".
        while (multiLine && index < text.length() && text.charAt(index) == quote) {
          index++;
        }
        return;
      } else if (c == '\n') {
        if (!multiLine) {
          return; // unterminated: the parser reports it
        }
        newLine();
      } else {
        index++;
      }
    }
  }

  private void newLine() {
    index++;
    line++;
    lineStart = index;
  }

  private TomlPosition position() {
    return TomlPosition.positionAt(line, index - lineStart + 1);
  }
}
