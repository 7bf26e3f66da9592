package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One problem found in a manifest, at a position in its file.
 *
 * <p>{@link #toString()} is the form printed to users, compiler-style:
 * {@code Capsule.toml:12:12: [[cron]] "sync-issues": schedule "0 * * *" has 4 fields, expected 5}
 * for an error, with {@code warning: } before the message for a warning.
 *
 * @param file the manifest file, as the caller named it
 * @param line 1-based line
 * @param column 1-based column
 * @param severity an error makes the manifest unusable; a warning does not
 * @param message what is wrong and what was expected
 */
public record Diagnostic(Path file, int line, int column, Severity severity, String message) {

  /** How serious a diagnostic is. */
  public enum Severity {
    /** The manifest cannot be used. */
    ERROR,
    /** The manifest is usable, but something in it is probably a mistake (an unknown key). */
    WARNING
  }

  public Diagnostic {
    requireNonNull(file, "file");
    requireNonNull(severity, "severity");
    requireNonNull(message, "message");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }

  /** True for {@link Severity#ERROR}. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    String prefix = severity == Severity.WARNING ? "warning: " : "";
    return file + ":" + line + ":" + column + ": " + prefix + message;
  }
}
