package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, the scripts: the repository's {@code ./capsule} rebuilds under a lock (a second invocation
 * waits, saying so, and the build runs once) with a live progress line on a terminal; the assembled
 * {@code bin/capsule} needs no JAVA_HOME and splits {@code CAPSULE_JAVA_OPTS} as a shell does.
 *
 * <p>The {@code ./capsule} tests run the real script in a copy of the repository's layout whose
 * {@code build} is a stand-in: the real build, run from inside the build, would replace the
 * distribution the other tests are running. The stand-in fails when two builds overlap and finishes
 * when the test writes to its FIFO, so the test decides when the "build" ends instead of guessing.
 */
class Issue19CapsuleScriptIT {
  private static final Path REPOSITORY = Path.of(System.getProperty("capsule.examples")).getParent();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String BUILDING = "capsule: building the runtime from source (first use takes a minute or two)";

  @TempDir
  Path temp;

  private Path repo;
  private Path release;

  @BeforeEach
  void repositoryWithAStandInBuild() throws Exception {
    repo = Files.createDirectories(temp.resolve("repo"));
    Files.createDirectories(repo.resolve("scripts"));
    Files.copy(REPOSITORY.resolve("capsule"), repo.resolve("capsule"));
    Files.copy(REPOSITORY.resolve("scripts/java25.sh"), repo.resolve("scripts/java25.sh"));
    Files.writeString(repo.resolve("build"), """
        #!/usr/bin/env bash
        # Stands in for ./build package: fails when another build is running, ends when told through the FIFO.
        root=$(cd "$(dirname "$0")" && pwd)
        mkdir "$root/building" || { echo "two builds at once" >&2; exit 1; }
        echo build >> "$root/builds"
        read -r _ < "$root/release"
        mkdir -p "$root/distribution/target/capsule/bin"
        printf '#!/bin/sh\\necho "ran $*"\\n' > "$root/distribution/target/capsule/bin/capsule"
        chmod +x "$root/distribution/target/capsule/bin/capsule"
        rmdir "$root/building"
        """);
    Files.setPosixFilePermissions(repo.resolve("build"), PosixFilePermissions.fromString("rwxr-xr-x"));
    release = repo.resolve("release");
    Process mkfifo = new ProcessBuilder("mkfifo", release.toString()).start();
    assertEquals(0, mkfifo.waitFor());
  }

  @Test
  void aSecondInvocationDuringARebuildWaitsForItAndTheBuildRunsOnce() throws Exception {
    try (CapsuleProcess.Started first = script("list", "a");
        CapsuleProcess.Started second = awaitBuildingThenStart(first)) {
      second.await("capsule: another ./capsule is building the runtime; waiting for it to finish..."::equals,
          TIMEOUT);
      Files.writeString(release, "go\n"); // blocks until the build reads it: the build is still running

      first.await("ran list a"::equals, TIMEOUT);
      second.await("ran list b"::equals, TIMEOUT);
      assertTrue(first.process().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(second.process().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(0, first.process().exitValue(), first.lines().toString());
      assertEquals(0, second.process().exitValue(), second.lines().toString());
      assertEquals(List.of("build"), Files.readAllLines(repo.resolve("builds")), "one build for both");
    }
  }

  @Test
  void onATerminalTheProgressLineCountsTheSecondsWhileTheBuildRuns() throws Exception {
    try (Terminal terminal = Terminal.start(repo, 160, 10, "./capsule list x; echo exited $?")) {
      int first = awaitSeconds(terminal, -1);
      int later = awaitSeconds(terminal, first); // the same line, rewritten: not a frozen one
      assertTrue(later > first, first + " then " + later);
      Files.writeString(release, "go\n");
      String screen = terminal.await(s -> s.contains("exited 0"), TIMEOUT);
      List<String> lines = screen.lines().filter(l -> !l.isBlank()).toList();
      assertTrue(lines.getFirst().matches(Pattern.quote(BUILDING) + "\\.\\.\\. \\d+ s"), screen);
      assertEquals(List.of("ran list x", "exited 0"), lines.subList(1, 3), screen);
    }
  }

  @Test
  void binCapsuleFindsJava25WithoutJavaHomeAndSplitsJavaOptionsAsAShellDoes() throws Exception {
    Path state = temp.resolve("my state");
    CapsuleProcess capsule = new CapsuleProcess(temp, temp.resolve("home"))
        .with("CAPSULE_JAVA_OPTS", "-Xmx512m \"-Dastrid.state.dir=" + state + "\"");
    CapsuleProcess.Run run = capsule.with("JAVA_HOME", "").run("logs");
    assertEquals(List.of("capsule logs: no log file in [" + state.resolve("logs") + "]: no runtime has written one"
        + " yet"), run.err());
    assertEquals(1, run.exit());

    CapsuleProcess.Run unclosed = capsule.with("CAPSULE_JAVA_OPTS", "-Dx='open").run("logs");
    assertEquals(List.of("capsule: CAPSULE_JAVA_OPTS [-Dx='open] cannot be split into options: a quote is not"
        + " closed"), unclosed.err());
    assertEquals(2, unclosed.exit());
  }

  private CapsuleProcess.Started script(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(repo.resolve("capsule").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return new CapsuleProcess.Started(builder.start());
  }

  private CapsuleProcess.Started awaitBuildingThenStart(CapsuleProcess.Started first) throws Exception {
    first.await((BUILDING + "...")::equals, TIMEOUT);
    return script("list", "b");
  }

  /** The seconds on the progress line once they differ from {@code not}, waiting at most {@link #TIMEOUT}. */
  private static int awaitSeconds(Terminal terminal, int not) throws Exception {
    Pattern seconds = Pattern.compile(Pattern.quote(BUILDING) + "\\.\\.\\. (\\d+) s");
    String screen = terminal.await(s -> {
      Matcher m = seconds.matcher(s);
      return m.find() && Integer.parseInt(m.group(1)) != not;
    }, TIMEOUT);
    Matcher m = seconds.matcher(screen);
    assertTrue(m.find());
    return Integer.parseInt(m.group(1));
  }
}
