package io.astrid.capsule.internal.text;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.RegisteredTool;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's tables, shared by the launcher and the Karaf shell commands so that both print the same:
 * left-aligned columns with two spaces between them; the last column is not padded.
 */
public final class TextTable {
  private TextTable() {}

  /** Prints {@code rows}, the first being the header; nothing when there is no row under it. */
  public static void print(PrintWriter out, List<String[]> rows) {
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
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      out.println(line.append(row[columns - 1]));
    }
  }

  /** One row per capsule: id, version, state (with its reason), engines, tools. */
  public static void capsules(PrintWriter out, CapsuleRegistry registry) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CAPSULE", "VERSION", "STATE", "ENGINES", "TOOLS"});
    List<RegisteredTool> tools = registry.tools();
    for (Capsule capsule : registry.capsules()) {
      long count = tools.stream().filter(t -> t.capsuleId().equals(capsule.id())).count();
      rows.add(new String[] {capsule.id(), capsule.manifest().version(), capsule.status().toString(),
          String.join(", ", capsule.engineKinds()), Long.toString(count)});
    }
    print(out, rows);
  }
}
