package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Issue 13: orphaned processes (finding 7) and a server's unbounded stderr (finding 4), with real processes. */
class Issue13Test {
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
    awaitTagged(3);
    assertEquals(1, recordCount(ledger), "the group is recorded while the server runs");

    engine.unload();

    assertEquals(0, tagged(), "processes left after unload");
    assertEquals(0, recordCount(ledger), "and forgotten");
  }

  @Test
  void finding7_whatAServerLeftRunningWhenItExitedIsEnded() throws Exception {
    ProcessLedger ledger = new ProcessLedger(dir.resolve("processes"));
    McpServerEngine engine = load(ledger);
    try {
      awaitTagged(3);
      ProcessHandle.of(((StdioServer) engine.connection()).pid()).orElseThrow().destroyForcibly();
      assertTrue(engine.awaitConnections(2, TIMEOUT), "restarted after the crash");
      awaitTagged(3); // the new server and its two, none of the old ones
    } finally {
      engine.unload();
    }
    assertEquals(0, tagged());
  }

  @Test
  void finding7_aGroupLeftByADeadRuntimeIsEndedByTheNextOne() throws Exception {
    ProcessLedger ledger = new ProcessLedger(dir.resolve("processes"));
    // What a runtime killed by SIGKILL leaves: a running group, and its record.
    StdioServer.start(List.of("node", TestServers.script("daemon-server.mjs").toString(), tag), dir,
        Map.of("PATH", System.getenv("PATH")), n -> {}, r -> {}, code -> {}, ledger, "mcp server [daemon]",
        () -> true, new RecordingLogger());
    awaitTagged(3);

    int ended = new ProcessLedger(dir.resolve("processes")).endLeftovers(Duration.ofSeconds(2), new RecordingLogger());

    assertEquals(3, ended);
    assertEquals(0, tagged());
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

  @Test
  void finding4_aHundredMegabytesOfStderrWithoutANewlineAreReadBoundedAndTheServerServes() throws Exception {
    RecordingLogger log = new RecordingLogger();
    StdioServer server = StdioServer.start(List.of("node", TestServers.script("stderr-flood-server.mjs").toString()),
        dir, Map.of("PATH", System.getenv("PATH")), n -> {}, r -> {}, code -> {},
        new ProcessLedger(dir.resolve("processes")), "mcp server [flood]", () -> true, log);
    try {
      McpSession session = new McpSession(server.peer());
      session.initialize(TIMEOUT);
      JsonNode result = session.callTool("hello", McpSession.emptyResult(), TIMEOUT);
      assertEquals(ToolResult.text("still here"), ToolResults.of(result));
      await(() -> log.lines.size() >= 2, () -> "two stderr lines logged: " + log.lines.size());
      String kept = "x".repeat(StdioServer.MAX_STDERR_LINE_BYTES);
      assertEquals("INFO stderr: " + kept + "... [" + (100 * 1024 * 1024 - kept.length()) + " bytes dropped]",
          log.lines.getFirst());
      assertEquals("INFO stderr: flooded", log.lines.get(1));
    } finally {
      server.stop();
    }
  }

  @Test
  void finding4_aStderrReaderThatFailsEndsTheServerSoThatItsExitIsReported() throws Exception {
    RecordingLogger log = new RecordingLogger();
    log.failOn = "stderr: flooded";
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    StdioServer server = StdioServer.start(List.of("node", TestServers.script("stderr-flood-server.mjs").toString()),
        dir, Map.of("PATH", System.getenv("PATH")), n -> {}, r -> {}, exit::complete,
        new ProcessLedger(dir.resolve("processes")), "mcp server [flood]", () -> true, log);
    try {
      assertEquals(137, exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "ended by SIGKILL, and reported");
      assertTrue(log.lines.contains("ERROR reading the stderr of server pid " + server.pid() + " failed"
          + " (java.lang.IllegalStateException: the log is broken); ending it"), log.lines.toString());
    } finally {
      server.stop();
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

  /** Waits until {@code count} processes carry the tag (the server starts its two asynchronously). */
  private void awaitTagged(int count) throws InterruptedException {
    await(() -> tagged() == count, () -> "expected " + count + " tagged processes, found " + tagged());
  }

  private static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, failure);
      Thread.sleep(20);
    }
  }

  /** Running processes (not zombies, which only wait to be reaped) whose command line carries the tag. */
  private long tagged() {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> {
            try {
              String stat = Files.readString(p.resolve("stat"));
              return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")
                  && new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).contains(tag);
            } catch (IOException e) {
              return false; // gone meanwhile
            }
          })
          .count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Keeps what is logged as "LEVEL message"; throws when a message starts with {@code failOn}. */
  static final class RecordingLogger extends LegacyAbstractLogger {
    final List<String> lines = new CopyOnWriteArrayList<>();
    volatile String failOn;

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
        Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      if (failOn != null && message.startsWith(failOn)) {
        throw new IllegalStateException("the log is broken");
      }
      lines.add(level + " " + message);
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
