package io.astrid.capsule.launcher;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.internal.text.TextTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** The command line's tables: {@link TextTable}, shared with the Karaf shell commands (bundles/shell). */
final class StatusTable {
  private StatusTable() {}

  static void print(PrintWriter out, List<String[]> rows) {
    TextTable.print(out, rows);
  }

  /** The table with a note below some rows: see {@link TextTable#print(PrintWriter, List, List)}. */
  static void print(PrintWriter out, List<String[]> rows, List<Optional<String>> notes) {
    TextTable.print(out, rows, notes);
  }

  /** One row per capsule: id, version, state, engines, tools; why it is FAILED or WAITING on a line below. */
  static void capsules(PrintWriter out, CapsuleRegistry registry) {
    TextTable.capsules(out, registry);
  }
}
