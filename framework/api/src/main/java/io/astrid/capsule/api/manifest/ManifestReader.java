package io.astrid.capsule.api.manifest;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads and validates {@code Capsule.toml} files. An OSGi service; thread-safe; stateless.
 *
 * <p>Reading never throws for bad input: every problem of a manifest (TOML syntax, missing or
 * mistyped keys, invalid names, versions, paths, cron expressions, schemas) is reported at once
 * in the {@link ManifestReport}, each with its line and column. Unknown keys are warnings with a
 * "did you mean" suggestion. Referenced files (entrypoint, context files, skills, command files,
 * readme, license file) must exist inside the capsule directory: no {@code ..}, no absolute
 * path, no symbolic link leading outside.
 */
@ProviderType
public interface ManifestReader {

  /**
   * Reads the manifest at {@code manifestFile}; its parent directory is the capsule directory.
   * An unreadable file is reported as an error diagnostic at 1:1.
   */
  ManifestReport read(Path manifestFile);

  /**
   * Validates {@code toml} as if it were the content of {@code manifestFile}; referenced files
   * are resolved against the file's parent directory.
   */
  ManifestReport read(Path manifestFile, String toml);

  /**
   * The runtime version that {@code astrid-version} requirements are checked against, such as
   * {@code 0.1.0}.
   */
  String runtimeVersion();
}
