package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Diagnostic;
import io.astrid.capsule.api.manifest.Diagnostic.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tomlj.TomlPosition;

/** Collects the diagnostics of one manifest; {@link #sorted()} gives them in file order. */
final class Problems {
  private static final Comparator<Diagnostic> BY_POSITION =
      Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column);

  private final Path file;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  Problems(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  void error(TomlPosition at, String message) {
    add(at, Severity.ERROR, message);
  }

  void warning(TomlPosition at, String message) {
    add(at, Severity.WARNING, message);
  }

  boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** Stable sort: problems at one position keep the order they were found in. */
  List<Diagnostic> sorted() {
    return diagnostics.stream().sorted(BY_POSITION).toList();
  }

  /** A value read twice (an entry's id, say) is reported once. */
  private void add(TomlPosition at, Severity severity, String message) {
    Diagnostic diagnostic = new Diagnostic(file, at.line(), at.column(), severity, message);
    if (!diagnostics.contains(diagnostic)) {
      diagnostics.add(diagnostic);
    }
  }
}
