package io.astrid.capsule.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code capsule} command. The distribution's {@code bin/capsule} sets {@code capsule.home}
 * to its own directory; the bundles are read from {@code ${capsule.home}/bundles} unless
 * {@code capsule.bundles} names another directory, and the configuration from
 * {@code ${capsule.home}/conf/*.cfg} unless {@code capsule.conf} does.
 */
public final class Main {
  /** Exit status when the container itself could not start (a broken installation). */
  static final int EXIT_CONTAINER_FAILED = 3;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    LogOptions.defaults(); // before anything logs; the options parsed next may change the levels
    try (Container container = new Container(bundleDirectory(), settingsLayers())) {
      CommandLine commandLine = new CommandLine(new CapsuleCommand(container));
      commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
        cmd.getErr().println("capsule: " + e.getMessage());
        return e instanceof IllegalStateException ? EXIT_CONTAINER_FAILED : 1;
      });
      return commandLine.execute(args);
    }
  }

  /**
   * The settings directories: the shipped defaults, {@code capsule.conf} or {@code ${capsule.home}/conf},
   * then the user's and the workspace's ({@link Settings#standard}).
   */
  static List<Settings.Layer> settingsLayers() {
    String explicit = System.getProperty("capsule.conf");
    Path dir = explicit != null ? Path.of(explicit) : Path.of(System.getProperty("capsule.home", ".")).resolve("conf");
    return Settings.standard(Files.isDirectory(dir) ? dir : null);
  }

  private static Path bundleDirectory() {
    String explicit = System.getProperty("capsule.bundles");
    if (explicit != null) {
      return Path.of(explicit);
    }
    return Path.of(System.getProperty("capsule.home", ".")).resolve("bundles");
  }
}
