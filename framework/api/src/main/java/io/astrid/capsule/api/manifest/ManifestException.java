package io.astrid.capsule.api.manifest;

import io.astrid.capsule.api.CapsuleException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest could not be used; the message lists every error, one per line. */
public class ManifestException extends CapsuleException {
  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> errors;

  public ManifestException(Path file, List<Diagnostic> errors) {
    super(message(file, errors));
    this.errors = List.copyOf(errors);
  }

  /** The errors, in file order. */
  public List<Diagnostic> errors() {
    return errors;
  }

  private static String message(Path file, List<Diagnostic> errors) {
    String details = errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n  "));
    return "invalid manifest [" + file + "]: " + errors.size() + (errors.size() == 1 ? " error" : " errors")
        + (errors.isEmpty() ? "" : "\n  " + details);
  }
}
