package io.astrid.capsule.distribution;

import io.astrid.capsule.api.host.AstridHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the assembled {@code bin/capsule} as a user runs it: a real process booting a real Felix with the
 * distribution's bundles, in a working directory, with this JVM's Java (25), and the runtimes' state under
 * the build (never in the user's ~/.astrid/state).
 */
final class CapsuleCli {
  static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  /** The runtimes started by the end-to-end tests keep their state under the build's. */
  static final String STATE_OPTION = "-Dastrid.state.dir="
      + Path.of(System.getProperty("astrid.state.dir")).resolve("commands");
  static final long TIMEOUT_SECONDS = 60;

  private CapsuleCli() {}

  /** What a run left: its exit status and its output, line by line. */
  record Run(int exit, List<String> out, List<String> err) {}

  static Run capsule(Path workingDirectory, String... args) throws Exception {
    return capsule(workingDirectory, List.of(), args);
  }

  /** Runs bin/capsule with the build's state directory and extra JVM options in CAPSULE_JAVA_OPTS. */
  static Run capsule(Path workingDirectory, List<String> javaOptions, String... args) throws Exception {
    return capsule(workingDirectory, Map.of("CAPSULE_JAVA_OPTS", STATE_OPTION + " " + String.join(" ", javaOptions)),
        args);
  }

  /**
   * Runs bin/capsule with {@code environment} set over the inherited one, less the inherited
   * CAPSULE_JAVA_OPTS and ASTRID_HOME, which would make the run depend on who runs the build.
   */
  static Run capsule(Path workingDirectory, Map<String, String> environment, String... args) throws Exception {
    return run(workingDirectory, environment, command(args), null, args);
  }

  /** As {@link #capsule(Path, Map, String...)}, with the bin/capsule of the installation {@code home}. */
  static Run capsuleOf(Path home, Path workingDirectory, Map<String, String> environment, String... args)
      throws Exception {
    return run(workingDirectory, environment, command(home, args), null, args);
  }

  /** Runs bin/capsule with {@code input} as its standard input. */
  static Run capsuleWithInput(Path workingDirectory, byte[] input, String... args) throws Exception {
    return capsuleWithInput(workingDirectory, Map.of("CAPSULE_JAVA_OPTS", STATE_OPTION), input, args);
  }

  /** Runs bin/capsule with {@code environment} as {@link #capsule(Path, Map, String...)}, {@code input} on stdin. */
  static Run capsuleWithInput(Path workingDirectory, Map<String, String> environment, byte[] input, String... args)
      throws Exception {
    Path in = Files.createTempFile("capsule-in", ".bin");
    Files.write(in, input);
    return run(workingDirectory, environment, command(args), in, args);
  }

  /**
   * Runs bin/capsule on a terminal, as a user at a shell does: util-linux {@code script} gives it a
   * pseudo-terminal, whose output (standard output and error together) is the run's {@code out}.
   */
  static Run capsuleOnTerminal(Path workingDirectory, String... args) throws Exception {
    return onTerminal(workingDirectory, "exec " + commandLine(args), args);
  }

  /** bin/capsule and {@code args} as one line for a POSIX shell. */
  static String commandLine(String... args) {
    return String.join(" ", command(args).stream().map(CapsuleCli::quoted).toList());
  }

  /** Runs the shell line {@code shellLine} on a pseudo-terminal ({@code script}), as {@link #capsuleOnTerminal}. */
  static Run onTerminal(Path workingDirectory, String shellLine, String... args) throws Exception {
    return run(workingDirectory, Map.of("CAPSULE_JAVA_OPTS", STATE_OPTION), List.of("script", "-qec", shellLine,
        "/dev/null"), null, args);
  }

  /** Standard error less the runtime's log lines ({@code 07:11:03.594 WARN logger - message}). */
  static List<String> withoutLog(List<String> err) {
    return err.stream().filter(line -> !line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ .*")).toList();
  }

  /** {@code word} in single quotes for a POSIX shell. */
  static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  /** The reason a capsule written by {@link #brokenWasm} is FAILED for. */
  static final String BROKEN_WASM_REASON = "engine [wasm] failed to load: not a WebAssembly module (no \\0asm header)";

  /**
   * A capsule {@code broken} in {@code directory} whose WebAssembly module is not one, with a tool
   * {@code lookup}: it docks FAILED for {@link #BROKEN_WASM_REASON}.
   */
  static Path brokenWasm(Path directory) throws IOException {
    write(directory.resolve("Capsule.toml"), """
        [package]
        name = "broken"
        version = "1.0.0"

        [component]
        entrypoint = "broken.wasm"

        [[tool]]
        name = "lookup"
        description = "Looks something up"
        input_schema = { type = "object" }
        """);
    Files.writeString(directory.resolve("broken.wasm"), "not a WebAssembly module");
    return directory;
  }

  /** A copy of the example capsule {@code name} in {@code target}, for a test to dock or edit. */
  static Path copyExample(String name, Path target) throws IOException {
    Path source = EXAMPLES.resolve(name);
    try (var files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    return target;
  }

  private static List<String> command(String... args) {
    return command(DISTRIBUTION, args);
  }

  private static List<String> command(Path home, String... args) {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/capsule").toString());
    command.addAll(List.of(args));
    return command;
  }

  private static Run run(Path workingDirectory, Map<String, String> environment, List<String> command, Path input,
      String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    builder.environment().remove("CAPSULE_JAVA_OPTS");
    builder.environment().remove("COLUMNS");
    builder.environment().remove(AstridHome.ENVIRONMENT_VARIABLE);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    if (input != null) {
      builder.redirectInput(input.toFile());
    }
    Path out = Files.createTempFile("capsule-out", ".txt");
    Path err = Files.createTempFile("capsule-err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("capsule " + List.of(args) + " did not finish within " + TIMEOUT_SECONDS + " s");
    }
    return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
        Files.readAllLines(err, StandardCharsets.UTF_8));
  }
}
