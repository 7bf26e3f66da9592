package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.Await;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A probe's main class run in a JVM started as bin/capsule starts the runtime (JVMCI with the Graal compiler over
 * the JDK's, polyglot on the boot path), with the test classes on the class path: what only the JIT shows.
 */
final class ProbeJvm {
  static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  /** Where the shared test helpers the probes use ({@link Await}) come from: capsule-testing's jar or classes. */
  private static final Path TESTING = location(Await.class);

  private ProbeJvm() {}

  /**
   * Runs {@code probe} with {@code args} in {@code dir} (its state and output), the JVM options {@code options}
   * added to bin/capsule's; returns what it printed, once it ended well and ran compiled.
   */
  static String run(Class<?> probe, Path dir, Duration timeout, List<String> options, String... args)
      throws Exception {
    String lib = DISTRIBUTION.resolve("lib").toString();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
        "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "--upgrade-module-path=" + lib + "/compiler",
        "--module-path=" + lib + "/modules", "--add-modules=ALL-MODULE-PATH",
        // Compilation in the calling thread: the warm-up ends compiled however busy the machine is.
        "-Dpolyglot.engine.BackgroundCompilation=false",
        "-Dastrid.state.dir=" + dir.resolve("state"), // not the user's ~/.astrid/state
        "-cp", DISTRIBUTION.resolve("conf") + File.pathSeparator + lib + "/*" + File.pathSeparator
            + Path.of("target/test-classes").toAbsolutePath() + File.pathSeparator + TESTING));
    command.addAll(options);
    command.add(probe.getName());
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      assertTrue(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS), "the probe finished within " + timeout);
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    assertTrue(!output.contains("interpreter") && !output.contains("already loaded in another classloader"), output);
    return output;
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the class path entry of " + type.getName() + " is not a path", e);
    }
  }
}
