package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.security.DenyAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against real MCP servers from npm and hostile ones of ours, as real processes. */
class McpServerEngineTest {
  private static final McpSettings FAST = new McpSettings(Duration.ofSeconds(20), Duration.ofSeconds(2),
      Duration.ofMillis(50), 3, Duration.ofSeconds(60));

  @TempDir
  Path dir;

  /** A monitor whose failure and announcements the test can wait for. */
  static final class RecordingMonitor implements EngineMonitor {
    final CompletableFuture<String> failure = new CompletableFuture<>();
    final java.util.concurrent.Semaphore changes = new java.util.concurrent.Semaphore(0);

    @Override
    public void failed(String reason) {
      failure.complete(reason);
    }

    @Override
    public void contributionsChanged() {
      changes.release();
    }
  }

  private McpServerEngine load(McpServer server, RecordingMonitor monitor) throws Exception {
    McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(), FAST,
        Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString(), "SECRET_OF_HOST", "must not leak",
            "GREETING", "the host's"),
        new ProcessLedger(dir.resolve("processes")),
        (capsule, report) -> true);
    engine.load(TestServers.context(TestServers.manifest(server), dir, monitor));
    return engine;
  }

  private static CapsuleTool tool(McpServerEngine engine, String name) {
    return engine.contributions().tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theEverythingServerListsItsToolsAndAnswersCalls() throws Exception {
    McpServerEngine engine = load(TestServers.node("everything", TestServers.everything().toString(), "stdio"),
        new RecordingMonitor());
    try {
      List<String> names = engine.contributions().tools().stream().map(CapsuleTool::name).toList();
      assertTrue(names.containsAll(List.of("echo", "get-sum", "get-env")), names.toString());
      assertEquals(ToolResult.text("Echo: hello"), tool(engine, "echo").call(Map.of("message", "hello")));
      assertEquals(ToolResult.text("The sum of 2 and 3 is 5."), tool(engine, "get-sum").call(Map.of("a", 2, "b", 3)));
      String env = tool(engine, "get-env").call(Map.of()).text();
      assertTrue(env.contains("\"GREETING\": \"hej\""),
          "a declared variable gets the capsule's value, never the host's of that name: " + env);
      assertFalse(env.contains("SECRET_OF_HOST"), "the host's other variables do not leak: " + env);
    } finally {
      engine.unload();
    }
  }

  @Test
  void theFilesystemServerReadsInsideItsDirectoryOnly() throws Exception {
    Path allowed = Files.createDirectories(dir.resolve("allowed"));
    Files.writeString(allowed.resolve("note.txt"), "hello from disk");
    McpServerEngine engine = load(TestServers.node("files", TestServers.script(
        "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js").toString(), allowed.toString()),
        new RecordingMonitor());
    try {
      CapsuleTool read = tool(engine, "read_text_file");
      assertEquals(ToolResult.text("hello from disk"),
          read.call(Map.of("path", allowed.resolve("note.txt").toString())));
      ToolResult outside = read.call(Map.of("path", "/etc/hostname"));
      assertTrue(outside.isError(), outside.toString());
    } finally {
      engine.unload();
    }
  }

  @Test
  void theMemoryServerKeepsWhatItIsTold() throws Exception {
    McpServerEngine engine = load(TestServers.node("memory", TestServers.script(
        "node_modules/@modelcontextprotocol/server-memory/dist/index.js").toString()), new RecordingMonitor());
    try {
      ToolResult created = tool(engine, "create_entities").call(Map.of("entities", List.of(Map.of(
          "name", "Ada", "entityType", "person", "observations", List.of("wrote the first program")))));
      assertFalse(created.isError(), created.toString());
      String graph = tool(engine, "read_graph").call(Map.of()).text();
      assertTrue(graph.contains("wrote the first program"), graph);
    } finally {
      engine.unload();
    }
  }

  @Test
  void aCrashedServerIsRestartedAndTooManyCrashesGiveUp() throws Exception {
    RecordingMonitor monitor = new RecordingMonitor();
    McpServerEngine engine = load(TestServers.node("crashy", TestServers.script("crash-server.mjs").toString()),
        monitor);
    try {
      long firstPid = ((StdioServer) engine.connection()).pid();
      assertEquals("hello Ada from pid " + firstPid, tool(engine, "hello").call(Map.of("name", "Ada")).text());
      ToolResult crashed = tool(engine, "crash").call(Map.of());
      assertEquals(ToolResult.error("mcp server [crashy]: the server exited (code 3)"), crashed);

      assertTrue(engine.awaitConnections(2, Duration.ofSeconds(20)), "restarted");
      long secondPid = ((StdioServer) engine.connection()).pid();
      assertTrue(secondPid != firstPid);
      assertEquals("hello Ada from pid " + secondPid, tool(engine, "hello").call(Map.of("name", "Ada")).text());

      tool(engine, "crash").call(Map.of());
      assertTrue(engine.awaitConnections(3, Duration.ofSeconds(20)), "restarted again");
      tool(engine, "crash").call(Map.of());
      assertEquals("mcp server [crashy] crashed 3 times within 60 s; giving up (last exit code 3)",
          monitor.failure.get(20, TimeUnit.SECONDS));
      assertEquals(ToolResult.error(monitor.failure.get()), tool(engine, "hello").call(Map.of("name", "Ada")));
    } finally {
      engine.unload();
    }
  }

  @Test
  void aServerEndedByAStopSignalIsRestartedOnlyWhenTheRuntimeKeepsRunning() throws Exception {
    McpServerEngine engine = load(TestServers.node("signalled", TestServers.script("crash-server.mjs").toString()),
        new RecordingMonitor());
    try {
      long started = System.nanoTime();
      // SIGTERM, as a service manager's stop sends it to the whole process group.
      serverProcess(engine).destroy();
      assertTrue(engine.awaitConnections(2, Duration.ofSeconds(20)), "restarted: the runtime kept running");
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      assertTrue(waited.compareTo(McpServerEngine.STOP_SIGNAL_GRACE) >= 0, "restarted after " + waited.toMillis()
          + " ms, before the runtime had the grace to stop");
    } finally {
      engine.unload();
    }
  }

  @Test
  void aServerEndedByAStopSignalAsTheRuntimeStopsIsNotRestarted() throws Exception {
    RecordingMonitor monitor = new RecordingMonitor();
    McpServerEngine engine = load(TestServers.node("signalled", TestServers.script("crash-server.mjs").toString()),
        monitor);
    ProcessHandle server = serverProcess(engine);
    server.destroy();
    server.onExit().get(10, TimeUnit.SECONDS);
    engine.unload(); // the runtime's own stop, as its shutdown hook makes it, within the grace
    assertFalse(engine.awaitConnections(2, McpServerEngine.STOP_SIGNAL_GRACE.plusSeconds(1)), "not restarted");
    assertFalse(monitor.failure.isDone(), "no failure reported");
  }

  private static ProcessHandle serverProcess(McpServerEngine engine) {
    return ProcessHandle.of(((StdioServer) engine.connection()).pid()).orElseThrow();
  }

  @Test
  void aToolAddedWhileRunningIsAnnouncedAndOffered() throws Exception {
    RecordingMonitor monitor = new RecordingMonitor();
    McpServerEngine engine = load(TestServers.node("growing", TestServers.script("crash-server.mjs").toString()),
        monitor);
    try {
      assertEquals(ToolResult.text("grew"), tool(engine, "grow").call(Map.of()));
      assertTrue(monitor.changes.tryAcquire(20, TimeUnit.SECONDS), "contributions changed after list_changed");
      assertEquals(ToolResult.text("new here"), tool(engine, "grown").call(Map.of()));
    } finally {
      engine.unload();
    }
  }

  @Test
  void toolsListedOverSeveralPagesAreAllOffered() throws Exception {
    McpServerEngine engine = load(TestServers.node("paged", TestServers.script("hostile-server.mjs").toString()),
        new RecordingMonitor());
    try {
      assertEquals(List.of("echo", "silence", "huge", "huge_first"),
          engine.contributions().tools().stream().map(CapsuleTool::name).toList());
    } finally {
      engine.unload();
    }
  }

  @Test
  void garbageHugeLinesAndUnknownIdsAreSurvivedAndASilentToolTimesOut() throws Exception {
    McpServerEngine engine = load(TestServers.node("hostile", TestServers.script("hostile-server.mjs").toString()),
        new RecordingMonitor());
    try {
      assertEquals(ToolResult.text("still talking"), tool(engine, "echo").call(Map.of()));
      assertEquals(ToolResult.error("mcp server [hostile]: tools/call timed out after 2000 ms"),
          tool(engine, "silence").call(Map.of()));
      assertEquals(ToolResult.text("still talking"), tool(engine, "echo").call(Map.of()), "and it carries on");
    } finally {
      engine.unload();
    }
  }

  /**
   * Issue 13, finding 10 (b): a 5 MiB result was dropped and the caller waited for the generic
   * timeout; the call fails at once, naming the response's size and the cap, with its id first or last.
   */
  @Test
  void issue13Finding10_aResultOverTheLineCapFailsTheCallAtOnceNamingItsSize() throws Exception {
    McpServerEngine engine = load(TestServers.node("hostile", TestServers.script("hostile-server.mjs").toString()),
        new RecordingMonitor());
    try {
      for (String name : List.of("huge", "huge_first")) {
        // Had it waited, the call's timeout (2 s here) would have ended it first, saying "timed out after 2000 ms".
        assertEquals(ToolResult.error("mcp server [hostile]: tools/call failed: the response has 5242953 bytes, over"
            + " the limit of 4194304 bytes"), tool(engine, name).call(Map.of()), name);
      }
      assertEquals(ToolResult.text("still talking"), tool(engine, "echo").call(Map.of()), "and it carries on");
    } finally {
      engine.unload();
    }
  }

  @Test
  void aServerThatNeverAnswersFailsTheLoadAndIsStopped() {
    McpServer silent = TestServers.node("silent", TestServers.script("silent-server.mjs").toString());
    McpSettings impatient = new McpSettings(Duration.ofMillis(800), Duration.ofSeconds(1), Duration.ofMillis(50), 3,
        Duration.ofSeconds(60));
    McpServerEngine engine = new McpServerEngine(silent, new AllowAllGate(), impatient, System.getenv(),
        new ProcessLedger(dir.resolve("processes")),
        (capsule, report) -> true);
    Exception failure = assertThrows(McpError.class,
        () -> engine.load(TestServers.context(TestServers.manifest(silent), dir, EngineMonitor.IGNORE)));
    assertEquals("mcp server [silent] did not start: initialize timed out after 800 ms", failure.getMessage());
    engine.unload();
  }

  @Test
  void unloadEndsTheWholeProcessTreeLeavingNoOrphan() throws Exception {
    McpServerEngine engine = load(TestServers.node("wrapped", TestServers.script("spawn-child.mjs").toString(),
        TestServers.everything().toString(), "stdio"), new RecordingMonitor());
    ProcessHandle wrapper = ProcessHandle.of(((StdioServer) engine.connection()).pid()).orElseThrow();
    List<ProcessHandle> tree = new java.util.ArrayList<>(wrapper.descendants().toList());
    tree.add(wrapper);
    assertEquals(2, tree.size(), "the wrapper and its child server: " + tree);
    assertEquals(ToolResult.text("Echo: through the wrapper"), tool(engine, "echo").call(Map.of("message",
        "through the wrapper")));

    engine.unload();

    // Ended means gone or a zombie: the server's child, orphaned by the kill, is reaped by init in its own time,
    // and ProcessHandle.isAlive counts a zombie as alive until then.
    for (ProcessHandle process : tree) {
      assertTrue(ProcessGroup.Stat.read(process.pid()).map(ProcessGroup.Stat::zombie).orElse(true),
          "process " + process.pid() + " is still running");
    }
  }

  @Test
  void aCommandTheGateDeniesIsNeverStarted() {
    McpServer server = TestServers.node("denied", TestServers.everything().toString(), "stdio");
    McpServerEngine engine = new McpServerEngine(server, new DenyAllGate(), FAST, System.getenv(),
        new ProcessLedger(dir.resolve("processes")),
        (capsule, report) -> true);
    Exception failure = assertThrows(McpError.class,
        () -> engine.load(TestServers.context(TestServers.manifest(server), dir, EngineMonitor.IGNORE)));
    assertEquals("mcp server [denied] cannot start: host_process [node] denied: everything is denied (test gate)",
        failure.getMessage());
    assertEquals(null, engine.connection());
  }
}
