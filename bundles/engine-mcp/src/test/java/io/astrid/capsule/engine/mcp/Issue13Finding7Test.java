package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.testing.RunningProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, finding 7: no process a server started outlives it, with real processes. */
class Issue13Finding7Test {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final McpSettings FAST = new McpSettings(TIMEOUT, Duration.ofSeconds(5), Duration.ofMillis(50), 3,
      Duration.ofSeconds(60));

  @TempDir
  Path dir;

  private final String tag = "issue13-" + UUID.randomUUID();

  @Test
  void finding7_unloadEndsTheDaemonAServerDoubleForkedOutOfItsGroup() throws Exception {
    ProcessLedger ledger = new ProcessLedger(dir.resolve("processes"));
    McpServerEngine engine = load(ledger);
    // The server, its child, and the grandchild in a session of its own (its parent has exited).
    RunningProcesses.awaitCarrying(tag, 3, TIMEOUT);
    assertEquals(1, recordCount(ledger), "the group is recorded while the server runs");

    engine.unload();

    assertEquals(0, RunningProcesses.carrying(tag), "processes left after unload");
    assertEquals(0, recordCount(ledger), "and forgotten");
  }

  @Test
  void finding7_whatAServerLeftRunningWhenItExitedIsEnded() throws Exception {
    ProcessLedger ledger = new ProcessLedger(dir.resolve("processes"));
    McpServerEngine engine = load(ledger);
    try {
      RunningProcesses.awaitCarrying(tag, 3, TIMEOUT);
      ProcessHandle.of(((StdioServer) engine.connection()).pid()).orElseThrow().destroyForcibly();
      assertTrue(engine.awaitConnections(2, TIMEOUT), "restarted after the crash");
      RunningProcesses.awaitCarrying(tag, 3, TIMEOUT); // the new server and its two, none of the old ones
    } finally {
      engine.unload();
    }
    assertEquals(0, RunningProcesses.carrying(tag));
  }

  @Test
  void finding7_aGroupLeftByADeadRuntimeIsEndedByTheNextOne() throws Exception {
    ProcessLedger ledger = new ProcessLedger(dir.resolve("processes"));
    // What a runtime killed by SIGKILL leaves: a running group, and its record.
    StdioServer.attach(StdioServer.launch(List.of("node", TestServers.script("daemon-server.mjs").toString(), tag),
        dir, Map.of("PATH", System.getenv("PATH")), ledger, "mcp server [daemon]"), n -> {}, r -> {}, code -> {},
        () -> true, new RecordingLogger());
    RunningProcesses.awaitCarrying(tag, 3, TIMEOUT);

    int ended = new ProcessLedger(dir.resolve("processes")).endLeftovers(Duration.ofSeconds(2), new RecordingLogger());

    assertEquals(3, ended);
    assertEquals(0, RunningProcesses.carrying(tag));
    assertEquals(0, recordCount(ledger));
  }

  @Test
  void finding7_aRecordWhosePidWasReusedNeverKillsTheProcessNowHoldingIt() throws Exception {
    // A process leading its own group, as a pid reused by an unrelated program would be.
    Process stranger = new ProcessBuilder("setsid", "sleep", "600").start();
    try {
      long start = ProcessGroup.Stat.read(stranger.pid()).orElseThrow().startTicks();
      Path records = Files.createDirectories(dir.resolve("processes"));
      ProcessGroup recorded = new ProcessGroup("0123456789abcdef", stranger.pid(), start - 1, bootId());
      Files.writeString(records.resolve("0123456789abcdef.group"), "# mcp server [gone]\n" + recorded.toText());

      assertEquals(0, new ProcessLedger(records).endLeftovers(Duration.ofSeconds(2), new RecordingLogger()));
      assertTrue(stranger.isAlive(), "the process now holding the pid is left alone");
      assertFalse(Files.exists(records.resolve("0123456789abcdef.group")), "the stale record is removed");
    } finally {
      stranger.destroyForcibly();
    }
  }

  private McpServerEngine load(ProcessLedger ledger) throws Exception {
    var server = TestServers.node("daemon", TestServers.script("daemon-server.mjs").toString(), tag);
    McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(), FAST,
        Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()), ledger,
        (capsule, report) -> true);
    engine.load(TestServers.context(TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor()));
    return engine;
  }

  private static long recordCount(ProcessLedger ledger) throws IOException {
    try (Stream<Path> files = Files.list(ledger.directory())) {
      return files.count();
    }
  }

  private static String bootId() throws IOException {
    return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
  }

}
