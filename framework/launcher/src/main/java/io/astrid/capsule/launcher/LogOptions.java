package io.astrid.capsule.launcher;

import io.astrid.capsule.api.host.StateDirectory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code -v/--verbose}, {@code -q/--quiet} and {@code --log-level LEVEL}, accepted by every command.
 * They set the system properties {@code conf/logback.xml} reads, before anything logs: Logback is
 * configured once, at the first logger, which no command creates before its options are parsed.
 * Without them the console shows the runtime's warnings and errors and what capsules log from info
 * up; with any of them, both follow the level given. The last of them wins.
 *
 * <p>They are this process's: a command that a running runtime runs for another process
 * ({@link RuntimeCommands}) parses them as it parses any option, but leaves that runtime's levels as its own
 * command line and configuration set them, since they are one per JVM and serve every command and capsule.
 */
final class LogOptions {
  /** The level of the runtime's own messages on stderr (default WARN). */
  static final String STDERR_LEVEL = "capsule.log.stderr.level";
  /** The level of what capsules log on stderr, each line led by the capsule's name (default INFO). */
  static final String CAPSULES_LEVEL = "capsule.log.capsules.level";
  /** The level of the log file, {@code logs/runtime.log} in the state directory (default INFO). */
  static final String FILE_LEVEL = "capsule.log.level";
  /** The loggers' own level: the most verbose of the three above, so that no appender misses a line. */
  static final String ROOT_LEVEL = "capsule.log.root.level";
  /** The level on stderr of a capsule's failed load (default: {@link #STDERR_LEVEL}'s). */
  static final String LOAD_FAILURES_LEVEL = "capsule.log.load.stderr.level";
  /** Where the log file is: {@code logs} in the state directory. */
  static final String DIRECTORY = "capsule.log.directory";

  /** Logback's levels, most verbose first. */
  enum Level { TRACE, DEBUG, INFO, WARN, ERROR, OFF }

  private final boolean ofThisProcess;

  /** @param ofThisProcess whether the levels given are this process's: false for a command run for another one */
  LogOptions(boolean ofThisProcess) {
    this.ofThisProcess = ofThisProcess;
  }

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "show the runtime's info messages too; -vv: debug messages of the runtime and capsules")
  void verbose(boolean[] verbosity) {
    set(verbosity.length > 1 ? Level.DEBUG : Level.INFO);
  }

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
      description = "show errors only: no warnings, no capsule logs")
  void quiet(boolean quiet) {
    if (quiet) {
      set(Level.ERROR);
    }
  }

  @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT, converter = LevelConverter.class,
      description = "console level for the runtime and capsules: TRACE, DEBUG, INFO, WARN, ERROR or OFF"
          + " (default: WARN for the runtime, INFO for capsules)")
  void logLevel(Level level) {
    set(level);
  }

  /** Any case; an unknown level is a usage error that lists the known ones. */
  static final class LevelConverter implements ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      try {
        return Level.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("log level [" + value + "] is unknown: expected TRACE, DEBUG, INFO, WARN,"
            + " ERROR or OFF");
      }
    }
  }

  /** The defaults and the log directory, set before the options are parsed; an explicit -D wins. */
  static void defaults() {
    System.getProperties().putIfAbsent(STDERR_LEVEL, Level.WARN.name());
    System.getProperties().putIfAbsent(CAPSULES_LEVEL, Level.INFO.name());
    System.getProperties().putIfAbsent(FILE_LEVEL, Level.INFO.name());
    System.getProperties().putIfAbsent(DIRECTORY, directory().toString());
    rootLevel();
  }

  /**
   * A capsule's failed load only in the log file, not on the console: for a command that prints each
   * capsule's state and reason itself ({@code run}), so that the reason is shown once. Before anything logs.
   */
  static void loadFailuresReportedByTheCommand() {
    System.setProperty(LOAD_FAILURES_LEVEL, Level.OFF.name());
  }

  /** {@code logs/} in the state directory of this process. */
  static Path directory() {
    return StateDirectory.resolve(null, System.getProperty(StateDirectory.PROPERTY)).resolve("logs");
  }

  private void set(Level level) {
    if (!ofThisProcess) {
      return;
    }
    System.setProperty(STDERR_LEVEL, level.name());
    System.setProperty(CAPSULES_LEVEL, level.name());
    rootLevel();
  }

  private static void rootLevel() {
    Level root = Stream.of(STDERR_LEVEL, CAPSULES_LEVEL, FILE_LEVEL)
        .map(key -> parse(System.getProperty(key)))
        .min(Enum::compareTo).orElse(Level.INFO);
    System.setProperty(ROOT_LEVEL, root.name());
  }

  /** A level given as a system property; an unknown one counts as INFO. */
  private static Level parse(String value) {
    try {
      return Level.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Level.INFO;
    }
  }
}
