package io.astrid.capsule.api.host;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's Astrid directory, the one place that decides it: {@value #ENVIRONMENT_VARIABLE} when
 * set, else {@code .astrid} in {@code $HOME} as Unix tools follow it (a service manager, a
 * container or a test may point {@code HOME} elsewhere than the passwd entry), else {@code .astrid}
 * in Java's {@code user.home} when {@code HOME} is unset. It holds the user's capsule root
 * ({@value #PLUGINS}) and the state directory ({@value #STATE}, unless {@link StateDirectory#PROPERTY}
 * names another). Blank variables count as unset.
 */
public final class AstridHome {
  /** The environment variable that moves the whole directory. */
  public static final String ENVIRONMENT_VARIABLE = "ASTRID_HOME";

  /** The user's home directory, as the shell and Unix tools take it. */
  public static final String HOME_VARIABLE = "HOME";

  /** The directory's name in the home directory. */
  public static final String DIRECTORY_NAME = ".astrid";

  /** The user's capsule root, inside the directory. */
  public static final String PLUGINS = "plugins";

  /** The default state directory, inside the directory. */
  public static final String STATE = "state";

  private AstridHome() {}

  /** The directory for this process: its environment and its {@code user.home}. */
  public static Path directory() {
    return resolve(System.getenv(), System.getProperty("user.home"));
  }

  /**
   * The directory for an environment.
   *
   * @param environment the process environment
   * @param userHome Java's {@code user.home}, used when neither variable is set
   */
  public static Path resolve(Map<String, String> environment, String userHome) {
    String moved = environment.get(ENVIRONMENT_VARIABLE);
    if (moved != null && !moved.isBlank()) {
      return Path.of(moved);
    }
    String home = environment.get(HOME_VARIABLE);
    return Path.of(home != null && !home.isBlank() ? home : userHome, DIRECTORY_NAME);
  }
}
