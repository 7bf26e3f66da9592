package io.astrid.capsule.api.host;

import java.nio.file.Path;

/**
 * The user's workspace: the directory capsules' files are confined to and {@code path} values of
 * {@code [env]} are resolved against. A service's configured directory when it has one, else the
 * framework property {@value #PROPERTY}, else the directory the runtime was started in.
 */
public final class Workspace {
  /** The framework (or system) property naming the workspace when the configuration does not. */
  public static final String PROPERTY = "astrid.workspace";

  private Workspace() {}

  /**
   * The workspace.
   *
   * @param configured the service's configured directory, or blank or null
   * @param property the value of {@value #PROPERTY}, or null
   */
  public static Path resolve(String configured, String property) {
    for (String candidate : new String[] {configured, property}) {
      if (candidate != null && !candidate.isBlank()) {
        return Path.of(candidate);
      }
    }
    return Path.of(System.getProperty("user.dir"));
  }
}
