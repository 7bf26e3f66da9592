package io.astrid.capsule.api.discovery;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory whose immediate subdirectories holding a {@code Capsule.toml} are capsules. A root
 * that does not exist holds no capsules; it is not an error.
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
