package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, logs: what capsules log is on the console with the capsule's name at the default level;
 * {@code -q}, {@code -v} and {@code --log-level} change what is shown; {@code capsule logs [ID] [-f]}
 * reads the rolling file of the state directory; a server that exits at once says what it wrote.
 */
class Issue19LogsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String RUNTIME_INFO = "^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO io\\.astrid\\.capsule\\.launcher\\."
      + "EmbeddedFramework - started \\d+ bundles from .*";

  @TempDir
  Path temp;

  private CapsuleProcess capsule;
  private String root;

  @BeforeEach
  void capsules() throws Exception {
    capsule = new CapsuleProcess(Files.createDirectories(temp.resolve("workspace")), temp.resolve("home"));
    root = temp.resolve("root").toString();
    TestCapsules.hostFunctions(temp.resolve("root/logger"), "logger", "");
  }

  @Test
  void theDefaultLevelShowsCapsuleLogsByNameAndHidesTheRuntimesInfo() throws Exception {
    CapsuleProcess.Run run = capsule.run("invoke", "logger", "log", "info\nhello from the guest", "-r", root);

    assertEquals(0, run.exit(), run.err().toString());
    assertTrue(run.err().contains("logger: hello from the guest"), run.err().toString());
    assertFalse(run.err().stream().anyMatch(l -> l.matches(RUNTIME_INFO)), run.err().toString());
  }

  @Test
  void quietShowsNeitherCapsuleLogsNorWarnings() throws Exception {
    CapsuleProcess.Run run = capsule.run("-q", "invoke", "logger", "log", "warn\nhello from the guest", "-r", root);

    assertEquals(0, run.exit(), run.err().toString());
    assertEquals(List.of(), run.err());
  }

  @Test
  void verboseAndLogLevelShowTheRuntimesOwnMessages() throws Exception {
    CapsuleProcess.Run verbose = capsule.run("invoke", "logger", "log", "debug\nfine detail", "-r", root, "-v");
    assertEquals(0, verbose.exit(), verbose.err().toString());
    assertTrue(verbose.err().stream().anyMatch(l -> l.matches(RUNTIME_INFO)), verbose.err().toString());
    assertFalse(verbose.err().contains("logger: DEBUG fine detail"), verbose.err().toString());

    CapsuleProcess.Run debug = capsule.run("--log-level", "debug", "invoke", "logger", "log", "debug\nfine detail",
        "-r", root);
    assertEquals(0, debug.exit(), debug.err().toString());
    assertTrue(debug.err().contains("logger: DEBUG fine detail"), debug.err().toString());

    CapsuleProcess.Run error = capsule.run("invoke", "logger", "log", "warn\nlouder", "-r", root, "--log-level",
        "ERROR");
    assertEquals(List.of(), error.err());
  }

  @Test
  void anUnknownLevelIsAUsageError() throws Exception {
    CapsuleProcess.Run run = capsule.run("--log-level", "loud", "list", root);

    assertEquals(2, run.exit());
    assertEquals("Invalid value for option '--log-level': log level [loud] is unknown: expected TRACE, DEBUG, INFO,"
        + " WARN, ERROR or OFF", run.err().getFirst());
  }

  @Test
  void logsPrintsTheFileOrOneCapsulesEntriesAndFollowsIt() throws Exception {
    assertEquals(1, capsule.run("logs").exit(), "no log file yet");
    TestCapsules.hostFunctions(temp.resolve("root/other"), "other", "");
    capsule.run("invoke", "logger", "log", "info\nfirst", "-r", root);
    capsule.run("invoke", "other", "log", "info\nof another", "-r", root);

    CapsuleProcess.Run logs = capsule.run("logs", "logger");
    assertEquals(0, logs.exit(), logs.err().toString());
    assertEquals(1, logs.out().size(), logs.out().toString());
    assertTrue(logs.out().getFirst().matches("^\\d{4}-\\d\\d-\\d\\dT\\S+ INFO capsule\\.logger - first$"),
        logs.out().toString());
    CapsuleProcess.Run all = capsule.run("logs");
    for (String entry : List.of(" INFO capsule.logger - first", " INFO capsule.other - of another",
        " INFO io.astrid.capsule.launcher.EmbeddedFramework - started ")) {
      assertTrue(all.out().stream().anyMatch(l -> l.contains(entry)), entry + " in " + all.out());
    }

    try (CapsuleProcess.Started follow = capsule.start("logs", "-f", "logger")) {
      follow.await(l -> l.endsWith(" - first"), TIMEOUT);
      capsule.run("invoke", "other", "log", "info\nnot followed", "-r", root);
      capsule.run("invoke", "logger", "log", "info\nsecond", "-r", root);
      follow.await(l -> l.endsWith(" INFO capsule.logger - second"), TIMEOUT);
      assertFalse(follow.lines().stream().anyMatch(l -> l.contains("not followed")), follow.lines().toString());
    }
  }

  @Test
  void aServerThatExitsAtOnceIsReportedWithItsLastStderrLines() throws Exception {
    Path typo = Files.createDirectories(temp.resolve("root/typo"));
    Files.writeString(typo.resolve("Capsule.toml"), """
        [package]
        name = "typo"
        version = "1.0.0"

        [capabilities]
        host_process = ["sh"]

        [[mcp_server]]
        id = "memory"
        command = "sh"
        args = ["-c", "read request; echo 'npm error 404 Not Found - GET https://registry.npmjs.org/server-memroy' >&2; exit 1"]
        """);

    CapsuleProcess.Run run = capsule.run("inspect", "typo", "-r", root);

    assertTrue(String.join("\n", run.out()).contains("the server exited (code 1); its last stderr lines: npm error"
        + " 404 Not Found - GET https://registry.npmjs.org/server-memroy"), run.out() + "\n" + run.err());
  }
}
