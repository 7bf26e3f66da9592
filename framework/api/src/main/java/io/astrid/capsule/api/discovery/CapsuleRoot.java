package io.astrid.capsule.api.discovery;

import static java.util.Objects.requireNonNull;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory whose immediate subdirectories holding a {@code Capsule.toml} are capsules, except
 * hidden ones ({@link #isHidden}). A root that does not exist holds no capsules; it is not an error.
 * A capsule directory or manifest that is a symbolic link leading out of the root is refused
 * ({@link #linkedOutside}).
 *
 * @param directory the root directory
 * @param scope where the root comes from
 */
public record CapsuleRoot(Path directory, RootScope scope) {

  /** The workspace root's location relative to the workspace directory. */
  public static final String PLUGINS_DIRECTORY = ".astrid/plugins";

  public CapsuleRoot {
    requireNonNull(directory, "directory");
    requireNonNull(scope, "scope");
  }

  /**
   * Whether {@code directory}, a child of a root, is hidden: its name starts with a dot. A hidden
   * directory is never a capsule, whatever it holds: {@code capsule install} stages a capsule in a
   * {@code .staging-*} directory of the root and sets the version it replaces aside as
   * {@code .replaced-*} before renaming, and neither may be docked. Discovery and the watcher both
   * pass hidden directories over by this rule.
   */
  public static boolean isHidden(Path directory) {
    Path name = directory.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /**
   * This root's capsule directories: its subdirectories that are not {@linkplain #isHidden hidden}
   * and hold a {@code Capsule.toml}, in name order; none when the root is not a directory.
   *
   * @throws IOException when the root cannot be listed
   */
  public List<Path> capsuleDirectories() throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(directory)) {
      return children.filter(dir -> !isHidden(dir))
          .filter(dir -> Files.isRegularFile(dir.resolve(CapsuleManifest.FILE_NAME)))
          .sorted()
          .toList();
    }
  }

  /**
   * Why the capsule directory {@code capsule} (a child of this root holding a {@code Capsule.toml})
   * is refused, if it is: the directory is a symbolic link that leads outside this root, or its
   * manifest is one that leads outside the directory. A capsule is what lies in a root; a link
   * must not dock a directory from elsewhere on the disk. A link that stays inside is followed.
   * Discovery reports a refused capsule as broken; the watcher reports it as failed.
   *
   * @return empty when the capsule may be read; else the reason, naming both ends of the link
   */
  public Optional<String> linkedOutside(Path capsule) {
    Path manifest = capsule.resolve(CapsuleManifest.FILE_NAME);
    try {
      Path realRoot = directory.toRealPath();
      Path realCapsule = capsule.toRealPath();
      if (!realCapsule.startsWith(realRoot) || realCapsule.equals(realRoot)) {
        return Optional.of("capsule directory [" + capsule + "] refused: it is a symbolic link to [" + realCapsule
            + "], outside the root [" + realRoot + "]");
      }
      Path realManifest = manifest.toRealPath();
      if (!realManifest.startsWith(realCapsule)) {
        return Optional.of("manifest [" + manifest + "] refused: it is a symbolic link to [" + realManifest
            + "], outside its capsule directory [" + realCapsule + "]");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("capsule directory [" + capsule + "] refused: it cannot be resolved (" + e + ")");
    }
  }

  /**
   * The standard search order: {@code workspace/.astrid/plugins}, {@code user} (the user's root,
   * {@code plugins} in the {@link io.astrid.capsule.api.host.AstridHome}), then {@code extra} in the
   * order given.
   */
  public static List<CapsuleRoot> standard(Path workspace, Path user, List<Path> extra) {
    List<CapsuleRoot> roots = new ArrayList<>();
    roots.add(new CapsuleRoot(workspace.resolve(PLUGINS_DIRECTORY), RootScope.WORKSPACE));
    roots.add(new CapsuleRoot(user, RootScope.USER));
    extra.forEach(p -> roots.add(new CapsuleRoot(p, RootScope.EXTRA)));
    return List.copyOf(roots);
  }
}
