package io.astrid.capsule.distribution;

import io.astrid.capsule.api.host.AstridHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The assembled {@code bin/capsule} started as a user starts it, in a working directory (the
 * workspace) with an Astrid home and a state directory of the test's own, so that nothing depends on
 * who runs the build: the inherited {@code CAPSULE_JAVA_OPTS} and {@code ASTRID_HOME} are replaced.
 */
final class CapsuleProcess {
  static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path workspace;
  private final Map<String, String> environment = new HashMap<>();
  private String umask; // null: the build's own

  /** {@code bin/capsule} in {@code workspace}, with {@code home} as ASTRID_HOME and its state in {@code home/state}. */
  CapsuleProcess(Path workspace, Path home) {
    this.workspace = workspace;
    environment.put(AstridHome.ENVIRONMENT_VARIABLE, home.toString());
    environment.put("CAPSULE_JAVA_OPTS", "");
    environment.put("JAVA_HOME", System.getProperty("java.home"));
  }

  /** Sets an environment variable of the processes started from now on. */
  CapsuleProcess with(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  /** Starts the processes from now on under this umask (octal, as the shell's {@code umask} takes it). */
  CapsuleProcess withUmask(String mask) {
    this.umask = mask;
    return this;
  }

  record Run(int exit, List<String> out, List<String> err) {}

  /** Runs {@code capsule ARGS} to its end (at most {@link #TIMEOUT}). */
  Run run(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("capsule-out", ".txt");
    Path err = Files.createTempFile("capsule-err", ".txt");
    try {
      Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("capsule " + List.of(args) + " did not finish within " + TIMEOUT);
      }
      return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
          Files.readAllLines(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Starts {@code capsule ARGS}, its stdout and stderr merged and collected line by line; close stops it. */
  Started start(String... args) throws IOException {
    return new Started(builder(args).redirectErrorStream(true).start());
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    if (umask != null) {
      command.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
    }
    command.add(DISTRIBUTION.resolve("bin/capsule").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile());
    builder.environment().putAll(environment);
    return builder;
  }

  /** A running process: its output so far, waits on a line, and a stop that ends its whole tree. */
  static final class Started implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    Started(Process process) {
      this.process = process;
      Thread.ofVirtual().start(() -> {
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            synchronized (lines) {
              lines.add(line);
              lines.notifyAll();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    /** Waits until a line matches, at most {@code timeout}; the line, or an AssertionError with the output so far. */
    String await(Predicate<String> line, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        while (true) {
          for (String seen : lines) {
            if (line.test(seen)) {
              return seen;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("no such line within " + timeout + "; output: " + String.join("\n", lines));
          }
          TimeUnit.NANOSECONDS.timedWait(lines, left);
        }
      }
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    Process process() {
      return process;
    }

    /** SIGTERM (the runtime's clean shutdown), then SIGKILL for anything of its tree still there. */
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }
}
