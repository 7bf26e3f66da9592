package io.astrid.capsule.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a path really leads, inside one workspace. Paths are resolved element by element on
 * the real file system: every symbolic link is followed where it stands (so {@code link/..} is
 * the link target's parent, as the kernel would have it, not the lexical parent), missing
 * elements are kept as written (a file about to be created), and {@code ..} above the root stays
 * at the root. Only then is the result compared, component-wise, with the workspace.
 */
final class WorkspacePaths {
  private final Path workspace;

  /**
   * @param workspaceRoot the workspace; it must exist
   * @throws IOException when it cannot be resolved
   */
  WorkspacePaths(Path workspaceRoot) throws IOException {
    this.workspace = workspaceRoot.toRealPath();
  }

  Path root() {
    return workspace;
  }

  /** Why a path was refused; a phrase for "fs_read [path] denied: ...". */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why, null, false, false);
    }
  }

  /** The real location of {@code written} (absolute, or relative to the workspace). */
  Path resolve(String written) throws Refused {
    Path path;
    try {
      if (written.isEmpty()) {
        throw new Refused("the path is empty");
      }
      path = Path.of(written);
    } catch (InvalidPathException e) {
      throw new Refused("not a valid path (" + e.getReason() + ")");
    }
    Path absolute = path.isAbsolute() ? path : workspace.resolve(path);
    Path current = absolute.getRoot();
    boolean missing = false;
    for (Path element : absolute) {
      String name = element.toString();
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        current = current.getParent() == null ? current : current.getParent();
        // Climbing out of a missing part lands on something real again, whose links count.
        missing = !Files.exists(current, LinkOption.NOFOLLOW_LINKS);
        continue;
      }
      Path next = current.resolve(name);
      if (!missing && Files.isSymbolicLink(next)) {
        try {
          next = next.toRealPath();
        } catch (IOException e) {
          throw new Refused("it cannot be resolved (a symbolic link loop, or a link to nothing)");
        }
      } else if (!missing && !Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        missing = true;
      }
      current = next;
    }
    return current;
  }

  /** True when {@code real} is the workspace or inside it. */
  boolean contains(Path real) {
    return real.startsWith(workspace);
  }
}
