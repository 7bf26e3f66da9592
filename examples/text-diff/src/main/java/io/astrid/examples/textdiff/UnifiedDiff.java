package io.astrid.examples.textdiff;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line, from their longest common subsequence. The table is
 * {@code (n + 1) * (m + 1)} ints, so each text is bounded to {@value #MAX_LINES} lines.
 */
final class UnifiedDiff {
  /** The most lines each text may have: the table then stays under 16 MiB. */
  static final int MAX_LINES = 2_000;

  private UnifiedDiff() {}

  /** One line of the edit script: {@code ' '} kept, {@code '-'} removed, {@code '+'} added. */
  private record Edit(char op, String line, int before, int after) {}

  /**
   * The diff of {@code before} against {@code after} with {@code context} lines around each
   * change, or the empty string when they are equal.
   *
   * @throws IllegalArgumentException when a text has more than {@value #MAX_LINES} lines
   */
  static String of(String beforeName, String before, String afterName, String after, int context) {
    List<String> a = lines(beforeName, before);
    List<String> b = lines(afterName, after);
    List<Edit> edits = edits(a, b);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).op() == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - context);
      int end = i;
      // A hunk runs on while the next change is within 2 * context kept lines.
      while (end < edits.size()) {
        int kept = 0;
        while (end + kept < edits.size() && edits.get(end + kept).op() == ' ') {
          kept++;
        }
        if (end + kept == edits.size() || kept > 2 * context) {
          end = Math.min(edits.size(), end + Math.min(kept, context));
          break;
        }
        end += kept;
        while (end < edits.size() && edits.get(end).op() != ' ') {
          end++;
        }
      }
      if (out.isEmpty()) {
        out.append("--- ").append(beforeName).append('\n').append("+++ ").append(afterName).append('\n');
      }
      hunk(out, edits.subList(start, end));
      i = end;
    }
    return out.toString();
  }

  private static void hunk(StringBuilder out, List<Edit> hunk) {
    int beforeCount = (int) hunk.stream().filter(e -> e.op() != '+').count();
    int afterCount = (int) hunk.stream().filter(e -> e.op() != '-').count();
    Edit first = hunk.getFirst();
    out.append("@@ -").append(range(first.before(), beforeCount)).append(" +").append(range(first.after(), afterCount))
        .append(" @@\n");
    hunk.forEach(e -> out.append(e.op()).append(e.line()).append('\n'));
  }

  /** {@code start,count} as diff prints it: 1-based, and the line before when the range is empty. */
  private static String range(int index, int count) {
    return (count == 0 ? index : index + 1) + "," + count;
  }

  private static List<Edit> edits(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] common = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<Edit> edits = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(' ', a.get(i), i++, j++));
      } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
        edits.add(new Edit('-', a.get(i), i++, j)); // removals before additions, as diff prints them
      } else {
        edits.add(new Edit('+', b.get(j), i, j++));
      }
    }
    return edits;
  }

  private static List<String> lines(String name, String text) {
    List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    if (!lines.isEmpty() && lines.getLast().isEmpty()) {
      lines = lines.subList(0, lines.size() - 1); // a final newline ends the last line, it starts none
    }
    if (lines.size() > MAX_LINES) {
      throw new IllegalArgumentException(name + " has " + lines.size() + " lines, at most " + MAX_LINES
          + " are diffed");
    }
    return lines;
  }
}
