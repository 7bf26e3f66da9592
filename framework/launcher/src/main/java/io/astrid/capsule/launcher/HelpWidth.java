package io.astrid.capsule.launcher;

import picocli.CommandLine;

/**
 * The width help is wrapped at: {@code COLUMNS} when it holds a number (shells set it for their own
 * terminal, and a user can set it), else the terminal's as picocli finds it, else 80 columns. Picocli
 * wraps between words and never below 55 columns, its narrowest layout.
 */
final class HelpWidth {
  static final int DEFAULT = 80;
  static final int NARROWEST = 55;

  private HelpWidth() {}

  static void apply(CommandLine commandLine, String columns) {
    commandLine.setUsageHelpWidth(DEFAULT);
    if (columns != null && columns.strip().matches("\\d{1,4}")) {
      commandLine.setUsageHelpWidth(Math.max(NARROWEST, Integer.parseInt(columns.strip())));
    } else {
      commandLine.setUsageHelpAutoWidth(true);
    }
  }
}
