package io.astrid.capsule.engine.support;

import java.nio.file.Path;

/** The workspace an engine's capsules are confined to, from its configuration or the framework. */
public final class Workspace {
  private Workspace() {}

  /**
   * {@code configured} if set, else {@code property} (the framework property
   * {@code astrid.workspace}), else the directory the runtime was started in.
   */
  public static Path of(String configured, String property) {
    for (String candidate : new String[] {configured, property}) {
      if (candidate != null && !candidate.isBlank()) {
        return Path.of(candidate);
      }
    }
    return Path.of(System.getProperty("user.dir"));
  }
}
