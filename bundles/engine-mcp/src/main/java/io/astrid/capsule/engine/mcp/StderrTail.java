package io.astrid.capsule.engine.mcp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

/**
 * The last few stderr lines of a server, kept apart from the log (whose rate may drop them) so that
 * the reason a server exited can quote them: a misspelled npx package said only "the server exited
 * (code 1)", while npm's own last words name the package it could not find (issue 19). Bounded: at
 * most {@value #LINES} lines of at most {@value #LINE_CHARS} characters. Thread-safe.
 */
final class StderrTail {
  static final int LINES = 5;
  static final int LINE_CHARS = 300;

  private final Deque<String> lines = new ArrayDeque<>(LINES);

  /** Keeps {@code line} (already escaped for the log) as the newest, forgetting the oldest beyond {@value #LINES}. */
  synchronized void add(String line) {
    if (line.isBlank()) {
      return;
    }
    if (lines.size() == LINES) {
      lines.removeFirst();
    }
    lines.addLast(line.length() > LINE_CHARS ? line.substring(0, LINE_CHARS) + "..." : line);
  }

  /** {@code reason}, followed by the lines kept when there are any. */
  synchronized String after(String reason) {
    return lines.isEmpty() ? reason
        : reason + "; its last stderr lines: " + lines.stream().collect(Collectors.joining(" | "));
  }
}
