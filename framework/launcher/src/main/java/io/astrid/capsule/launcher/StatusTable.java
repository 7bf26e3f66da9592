package io.astrid.capsule.launcher;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.internal.text.TextTable;
import java.io.PrintWriter;
import java.util.List;

/** The command line's tables: {@link TextTable}, shared with the Karaf shell commands (bundles/shell). */
final class StatusTable {
  private StatusTable() {}

  static void print(PrintWriter out, List<String[]> rows) {
    TextTable.print(out, rows);
  }

  /** One row per capsule: id, version, state (with its reason), engines, tools. */
  static void capsules(PrintWriter out, CapsuleRegistry registry) {
    TextTable.capsules(out, registry);
  }
}
