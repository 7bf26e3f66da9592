package io.astrid.capsule.api.host;

import java.nio.file.Path;

/**
 * Where the host keeps what must survive a restart (approvals, the audit log, capsules'
 * key-value data): the framework property {@value #PROPERTY} when set, else
 * {@link AstridHome#STATE} in the {@link AstridHome} ({@code $ASTRID_HOME/state}, by default
 * {@code $HOME/.astrid/state}). A service's own configuration may name another directory.
 */
public final class StateDirectory {
  /** The framework (or system) property naming the state directory. */
  public static final String PROPERTY = "astrid.state.dir";

  private StateDirectory() {}

  /**
   * The state directory.
   *
   * @param configured the service's configured directory, or blank
   * @param property the value of {@value #PROPERTY}, or null
   */
  public static Path resolve(String configured, String property) {
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    return AstridHome.directory().resolve(AstridHome.STATE);
  }
}
