package io.astrid.capsule.core.internal.manifest;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks that a path written in a manifest names an existing regular file inside the capsule
 * directory: relative, no {@code ..} component, and no symbolic link on the way that leads out.
 */
final class CapsulePaths {
  private final Path capsuleDirectory;

  CapsulePaths(Path capsuleDirectory) {
    this.capsuleDirectory = capsuleDirectory;
  }

  /** Why {@code written} is not acceptable, or empty when it is. */
  Optional<String> problemWithFile(String written) {
    Path relative;
    try {
      relative = Path.of(written);
    } catch (InvalidPathException e) {
      return Optional.of("is not a valid path: " + e.getReason());
    }
    if (written.isBlank()) {
      return Optional.of("is empty, expected a path inside the capsule directory");
    }
    if (relative.isAbsolute() || written.startsWith("~")) {
      return Optional.of("is absolute, expected a path relative to the capsule directory");
    }
    for (Path element : relative) {
      if (element.toString().equals("..")) {
        return Optional.of("contains \"..\", expected a path inside the capsule directory");
      }
    }
    Path resolved = capsuleDirectory.resolve(relative);
    if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("does not exist in the capsule directory");
    }
    try {
      Path real = resolved.toRealPath();
      if (!real.startsWith(capsuleDirectory.toRealPath())) {
        return Optional.of("leaves the capsule directory through a symbolic link (to " + real + ")");
      }
      if (!Files.isRegularFile(real)) {
        return Optional.of("is not a regular file");
      }
    } catch (NoSuchFileException e) {
      return Optional.of("is a symbolic link to nothing (" + e.getFile() + ")");
    } catch (FileSystemException e) {
      // A link loop, or a link the runtime may not follow: toRealPath cannot finish.
      return Optional.of("cannot be resolved: " + e.getReason());
    } catch (IOException e) {
      return Optional.of("cannot be resolved: " + e.getMessage());
    }
    return Optional.empty();
  }
}
