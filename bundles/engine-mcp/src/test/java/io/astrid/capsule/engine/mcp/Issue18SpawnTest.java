package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.engine.McpServerContent;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, spawn to ready: the ledger's record is no longer synced, and a server is still asked
 * nothing before its process group is recorded, so a runtime killed at any later moment leaves the
 * record its successor ends the group by. Checked by a real server at its first message. After
 * initialize, the initialized notification and every list the server offers are requested in one
 * write; a paged list is followed to its end.
 */
class Issue18SpawnTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final McpSettings SETTINGS = new McpSettings(TIMEOUT, TIMEOUT, Duration.ofMillis(50), 3,
      Duration.ofSeconds(60));

  @TempDir
  Path dir;

  @Test
  void aServerIsAskedNothingBeforeItsProcessGroupIsRecorded() throws Exception {
    Path records = dir.resolve("processes");
    McpServerEngine engine = load(records, records);
    try {
      assertEquals(List.of("recorded"),
          engine.contributions().tools().stream().map(CapsuleTool::name).toList());
    } finally {
      engine.unload();
    }
  }

  /** The check itself: a server looking for its record where the runtime keeps none refuses to answer. */
  @Test
  void theServerNoticesAMissingRecord() {
    McpError failure = assertThrows(McpError.class, () -> load(dir.resolve("processes"), dir.resolve("elsewhere")));
    assertEquals("mcp server [ledger] did not start: the server exited (code 3); its last stderr lines: asked"
        + " [initialize] before my process group was recorded", failure.getMessage());
  }

  @Test
  void theInitializedNotificationAndEveryListComeInOneWrite() throws Exception {
    McpServer server = TestServers.node("lists", TestServers.script("pipelined-lists-server.mjs").toString());
    McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(), SETTINGS,
        Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()), new ProcessLedger(dir.resolve("processes")),
        (capsule, report) -> true);
    engine.load(TestServers.context(TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor()));
    try {
      assertEquals(List.of("one_write"), engine.contributions().tools().stream().map(CapsuleTool::name).toList());
      McpServerContent content = engine.contributions().mcpServers().getFirst();
      assertEquals(List.of("test://one", "test://two"), content.resources().stream().map(r -> r.get("uri")).toList());
      assertEquals(List.of("test://{name}"),
          content.resourceTemplates().stream().map(r -> r.get("uriTemplate")).toList());
      assertEquals(List.of("greet"), content.prompts().stream().map(p -> p.get("name")).toList());
    } finally {
      engine.unload();
    }
  }

  /**
   * Requests sent together count their time from the one write: a server answering none of the four
   * lists fails the start after the timeout once, not once per list.
   */
  @Test
  void listsSentTogetherTimeOutTogether() {
    Duration timeout = Duration.ofSeconds(5);
    McpServer server = TestServers.node("lists", TestServers.script("pipelined-lists-server.mjs").toString(), "mute");
    McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(),
        new McpSettings(timeout, timeout, Duration.ofMillis(50), 3, Duration.ofSeconds(60)),
        Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()), new ProcessLedger(dir.resolve("processes")),
        (capsule, report) -> true);
    long started = System.nanoTime();
    McpError failure = assertThrows(McpError.class, () -> engine.load(TestServers.context(
        TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor())));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals("mcp server [lists] did not start: tools/list timed out after 5000 ms", failure.getMessage());
    // One timeout and the server's start; four timeouts one after the other would take 20 s.
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "the start failed after " + took);
  }

  /** An engine recording in {@code records} whose server looks for its record in {@code checked}, loaded. */
  private McpServerEngine load(Path records, Path checked) throws Exception {
    McpServer server = TestServers.node("ledger", TestServers.script("ledger-check-server.mjs").toString(),
        checked.toString());
    McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(), SETTINGS,
        Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()), new ProcessLedger(records),
        (capsule, report) -> true);
    engine.load(TestServers.context(TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor()));
    return engine;
  }
}
