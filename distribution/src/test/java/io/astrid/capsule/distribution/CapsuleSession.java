package io.astrid.capsule.distribution;

import io.astrid.capsule.api.host.AstridHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One user's {@code bin/capsule} for end-to-end tests: {@code home} as ASTRID_HOME and a state directory
 * of its own, for one-shot commands ({@link CapsuleCli} runs them) and for a {@code capsule run} kept
 * running while the test changes files and reads its output.
 */
final class CapsuleSession {

  private final Path home;
  private final String stateOption;

  /**
   * @param home the ASTRID_HOME of every run (its {@code plugins} is the user root)
   * @param stateName the state directory under the build's, one per test class
   */
  CapsuleSession(Path home, String stateName) {
    this.home = home;
    this.stateOption = "-Dastrid.state.dir=" + Path.of(System.getProperty("astrid.state.dir")).resolve(stateName);
  }

  /** Runs {@code capsule ARGS} in {@code workspace} to its end. */
  CapsuleCli.Run run(Path workspace, String... args) throws Exception {
    return CapsuleCli.capsule(workspace, environment(), args);
  }

  /** Starts {@code capsule run ARGS} in {@code workspace}; its output and errors are read as one stream. */
  Running start(Path workspace, String... args) throws IOException {
    List<String> words = new ArrayList<>(List.of("run"));
    words.addAll(List.of(args));
    return new Running(builder(workspace, words.toArray(String[]::new)).redirectErrorStream(true).start());
  }

  private ProcessBuilder builder(Path workspace, String... args) {
    List<String> command = new ArrayList<>(List.of(CapsuleCli.DISTRIBUTION.resolve("bin/capsule").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("COLUMNS");
    builder.environment().putAll(environment());
    return builder;
  }

  private Map<String, String> environment() {
    return Map.of("CAPSULE_JAVA_OPTS", stateOption, AstridHome.ENVIRONMENT_VARIABLE, home.toString());
  }

  /** Deletes {@code dir} and everything in it, as {@code rm -r} does. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** A {@code capsule run} in progress; closing it terminates it (SIGTERM, then by force). */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private Running(Process process) {
      this.process = process;
      Thread.ofVirtual().start(() -> {
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("(reading the output failed: " + e + ")");
        }
      });
    }

    /** Waits for the next line that matches, up to {@code timeoutSeconds}; fails with all lines seen so far. */
    String await(Predicate<String> wanted, long timeoutSeconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no such line within " + timeoutSeconds + " s; output so far: " + seen);
        }
        seen.add(line);
        if (wanted.test(line)) {
          return line;
        }
      }
    }

    /** Every line read so far. */
    List<String> seen() {
      return List.copyOf(seen);
    }

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
