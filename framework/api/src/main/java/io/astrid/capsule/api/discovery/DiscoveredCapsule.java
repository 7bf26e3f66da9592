package io.astrid.capsule.api.discovery;

import static java.util.Objects.requireNonNull;

import io.astrid.capsule.api.manifest.ManifestReport;
import java.nio.file.Path;

/**
 * A capsule directory found under a root, with the report of reading its manifest.
 *
 * @param directory the capsule directory (holding {@code Capsule.toml})
 * @param root the root it was found under
 * @param report what reading its manifest gave; {@link ManifestReport#hasErrors()} marks a
 *     broken capsule
 */
public record DiscoveredCapsule(Path directory, CapsuleRoot root, ManifestReport report) {
  public DiscoveredCapsule {
    requireNonNull(directory, "directory");
    requireNonNull(root, "root");
    requireNonNull(report, "report");
  }
}
