package io.astrid.capsule.launcher;

import io.astrid.capsule.internal.text.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The {@code capsule} command. The distribution's {@code bin/capsule} sets {@code capsule.home}
 * to its own directory; the bundles are read from {@code ${capsule.home}/bundles} unless
 * {@code capsule.bundles} names another directory, and the configuration from
 * {@code ${capsule.home}/conf/*.cfg} unless {@code capsule.conf} does.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    LogOptions.defaults(); // before anything logs; the options parsed next may change the levels
    try (Container container = new Container(bundleDirectory(), settingsLayers())) {
      return commandLine(container, System.getenv("COLUMNS")).execute(args);
    }
  }

  /**
   * The command tree over {@code container}, its help wrapped for {@code columns} (see {@link HelpWidth});
   * a one-shot command runs in the running runtime when there is one ({@link RemoteRuntime}).
   */
  static CommandLine commandLine(Container container, String columns) {
    CommandLine commandLine = commandLine(new CapsuleCommand(container), columns);
    commandLine.setExecutionStrategy(RemoteRuntime::execute);
    return commandLine;
  }

  /** The command tree under {@code top}, its help wrapped for {@code columns}, with this CLI's error handling. */
  static CommandLine commandLine(CapsuleCommand top, String columns) {
    CommandLine commandLine = new CommandLine(top);
    HelpWidth.apply(commandLine, columns);
    commandLine.getCommandSpec().usageMessage().exitCodeList(ExitCodes.help());
    CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
    commandLine.setParameterExceptionHandler((e, args) -> {
      Optional<String> unknown = unknownCommand(e);
      if (unknown.isEmpty()) {
        return usage.handleParseException(e, args);
      }
      e.getCommandLine().getErr().println(unknown.get());
      return ExitCodes.USAGE;
    });
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("capsule: " + e.getMessage());
      return exitCode(e);
    });
    return commandLine;
  }

  /**
   * For a mistyped command, {@code capsule: unknown command [lsit], did you mean "list"?}, with the same
   * suggestions as for manifest keys and capsule names (picocli's own would offer {@code tools}).
   */
  private static Optional<String> unknownCommand(CommandLine.ParameterException e) {
    CommandLine where = e.getCommandLine();
    if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched) || where.getSubcommands().isEmpty()
        || unmatched.getUnmatched().isEmpty() || unmatched.getUnmatched().getFirst().startsWith("-")) {
      return Optional.empty();
    }
    String word = unmatched.getUnmatched().getFirst();
    return Optional.of("capsule: unknown command [" + word + "]" + Suggestions.didYouMean(word,
        where.getSubcommands().keySet()) + "; 'capsule help' lists the commands");
  }

  /** What an exception escaping a command means: see {@link ExitCodes}. */
  private static int exitCode(Exception e) {
    return switch (e) {
      case CommandFailure failure -> failure.exitCode();
      // Thrown by the container when it or one of its services does not come up.
      case IllegalStateException broken -> ExitCodes.CONTAINER_FAILED;
      default -> ExitCodes.PROBLEMS;
    };
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
