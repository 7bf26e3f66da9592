package io.astrid.capsule.internal.text;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.RegisteredTool;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line's tables, shared by the launcher and the Karaf shell commands so that both print the same:
 * left-aligned columns with two spaces between them; the last column is not padded.
 */
public final class TextTable {
  private TextTable() {}

  /** Prints {@code rows}, the first being the header; nothing when there is no row under it. */
  public static void print(PrintWriter out, List<String[]> rows) {
    print(out, rows, List.of());
  }

  /**
   * The table; {@code notes.get(i)}, when present, is printed on an indented line below row {@code i + 1}
   * (the first row is the header), outside the columns, so that a long reason does not widen the table.
   */
  public static void print(PrintWriter out, List<String[]> rows, List<Optional<String>> notes) {
    if (rows.size() < 2) {
      return;
    }
    int columns = rows.getFirst().length;
    int[] widths = new int[columns - 1];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      out.println(line.append(row[columns - 1]));
      if (r > 0 && r - 1 < notes.size()) {
        notes.get(r - 1).ifPresent(note -> out.println("  " + note));
      }
    }
  }

  /** One row per capsule: id, version, state, engines, tools; why it is FAILED or WAITING on a line below. */
  public static void capsules(PrintWriter out, CapsuleRegistry registry) {
    List<String[]> rows = new ArrayList<>();
    List<Optional<String>> reasons = new ArrayList<>();
    rows.add(new String[] {"CAPSULE", "VERSION", "STATE", "ENGINES", "TOOLS"});
    List<RegisteredTool> tools = registry.tools();
    for (Capsule capsule : registry.capsules()) {
      long count = tools.stream().filter(t -> t.capsuleId().equals(capsule.id())).count();
      rows.add(new String[] {capsule.id(), capsule.manifest().version(), capsule.status().state().toString(),
          String.join(", ", capsule.engineKinds()), Long.toString(count)});
      reasons.add(capsule.status().reason());
    }
    print(out, rows, reasons);
  }
}
