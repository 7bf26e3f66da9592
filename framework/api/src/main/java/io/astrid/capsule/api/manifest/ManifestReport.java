package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What reading one manifest gave: the manifest when it has no errors, and every diagnostic in
 * file order (errors and warnings together).
 *
 * @param file the manifest file that was read
 * @param manifest present exactly when {@link #diagnostics()} holds no error
 * @param diagnostics all problems found, sorted by position
 */
public record ManifestReport(Path file, Optional<CapsuleManifest> manifest, List<Diagnostic> diagnostics) {

  public ManifestReport {
    requireNonNull(file, "file");
    requireNonNull(manifest, "manifest");
    diagnostics = List.copyOf(diagnostics);
    if (manifest.isPresent() == diagnostics.stream().anyMatch(Diagnostic::isError)) {
      throw new IllegalArgumentException("a report has a manifest exactly when it has no error: " + file);
    }
  }

  /** True when the manifest could not be used. */
  public boolean hasErrors() {
    return manifest.isEmpty();
  }

  /** The errors only. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  /** The warnings only. */
  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).toList();
  }

  /**
   * The manifest, or a {@link ManifestException} listing every error.
   *
   * @throws ManifestException when the report has errors
   */
  public CapsuleManifest orThrow() {
    return manifest.orElseThrow(() -> new ManifestException(file, errors()));
  }
}
