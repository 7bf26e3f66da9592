package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolCallerException;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: what an MCP server sends during a call (progress, log messages, sampling and
 * elicitation requests) goes to the client that made the call ({@link ToolCaller}, bound as the
 * gateway binds it); a request with no caller to take it, or of an unknown method, is answered with
 * an error. Against the conformance fixture server (src/test/node/conformance-tools.mjs).
 */
class Issue14PassThroughTest {
  private static final McpSettings SETTINGS = new McpSettings(Duration.ofSeconds(20), Duration.ofSeconds(10),
      Duration.ofMillis(50), 3, Duration.ofSeconds(60));

  @TempDir
  Path dir;

  private McpServerEngine engine;

  /** A caller that records what reaches it and answers requests with {@code answer}, or refuses without one. */
  private static final class RecordingCaller implements ToolCaller {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Object> answer;

    RecordingCaller(Map<String, Object> answer) {
      this.answer = answer;
    }

    @Override
    public String name() {
      return "mcp client [recording]";
    }

    @Override
    public void progress(double progress, double total, String message) {
      seen.add("progress " + progress + "/" + total);
    }

    @Override
    public void log(String level, String logger, Object data) {
      seen.add("log " + level + " " + data);
    }

    @Override
    public Map<String, Object> request(String method, Map<String, Object> params, Duration timeout) {
      seen.add("request " + method + " " + params);
      if (answer == null) {
        throw new ToolCallerException(ToolCallerException.METHOD_NOT_FOUND, method + " refused [" + name()
            + "]: the client did not declare the [sampling] capability");
      }
      return answer;
    }
  }

  @BeforeEach
  void load() throws Exception {
    McpServer server = TestServers.node("conformance", TestServers.script("conformance-tools.mjs").toString());
    engine = new McpServerEngine(server, new AllowAllGate(), SETTINGS, Map.of("PATH", System.getenv("PATH")),
        new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true);
    engine.load(TestServers.context(TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor()));
  }

  @AfterEach
  void unload() {
    engine.unload();
  }

  private ToolResult call(ToolCaller caller, String name, Map<String, Object> arguments) throws Exception {
    CapsuleTool tool = engine.contributions().tools().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow();
    return caller == null ? tool.call(arguments)
        : ScopedValue.where(ToolCaller.CURRENT, caller).call(() -> tool.call(arguments));
  }

  @Test
  void progressAndLogMessagesOfACallReachItsCaller() throws Exception {
    RecordingCaller caller = new RecordingCaller(null);
    assertEquals(ToolResult.text("progress reported"), call(caller, "tool_with_progress", Map.of()));
    assertEquals(ToolResult.text("logged 3 messages"), call(caller, "tool_with_logging", Map.of()));
    assertEquals(List.of("progress 0.0/100.0", "progress 50.0/100.0", "progress 100.0/100.0",
        "log info Tool execution started", "log info Tool processing data", "log info Tool execution completed"),
        caller.seen);
  }

  @Test
  void aSamplingRequestIsAnsweredByTheCaller() throws Exception {
    RecordingCaller caller = new RecordingCaller(Map.of("role", "assistant", "model", "test-model",
        "content", Map.of("type", "text", "text", "hello from the client")));
    assertEquals(ToolResult.text("LLM response: hello from the client"),
        call(caller, "sampling", Map.of("prompt", "Say hello")));
    assertEquals(List.of("request sampling/createMessage {messages=[{role=user, content={type=text, text=Say hello}}],"
        + " maxTokens=100}"), caller.seen);
  }

  @Test
  void anInterruptedCallIsCancelledOnTheServer() throws Exception {
    RecordingCaller caller = new RecordingCaller(null);
    CompletableFuture<ToolResult> result = new CompletableFuture<>();
    Thread call = Thread.ofVirtual().start(() -> {
      try {
        result.complete(call(caller, "wait_for_cancel", Map.of()));
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (caller.seen.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // until the server reports it runs the call
    }
    assertEquals(List.of("progress 1.0/NaN"), caller.seen);
    call.interrupt(); // what the gateway does on the client's notifications/cancelled
    assertEquals(ToolResult.error("mcp server [conformance]: tools/call was interrupted"),
        result.get(10, TimeUnit.SECONDS));
    Path cancelled = dir.resolve("cancelled.txt");
    while (!Files.exists(cancelled) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals("interrupted", Files.readString(cancelled));
  }

  @Test
  void aRequestNoCallerCanTakeIsAnsweredWithAnError() throws Exception {
    assertEquals(ToolResult.error("MCP error -32601: sampling/createMessage refused [mcp client [recording]]: the"
        + " client did not declare the [sampling] capability"), call(new RecordingCaller(null), "sampling",
        Map.of("prompt", "x")));
    assertEquals(ToolResult.error("MCP error -32603: sampling/createMessage refused: no tool call of a client is"
        + " running on mcp server [conformance]"), call(null, "sampling", Map.of("prompt", "x")));
    assertEquals(ToolResult.text("refused: MCP error -32601: method not found [astrid/unknown]"),
        call(null, "ask_unknown", Map.of()));
  }
}
