package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the MCP client's side of the protocol against real servers. It declares roots besides
 * sampling and elicitation, so server-everything offers its roots, sampling and elicitation tools,
 * and answers roots/list with the workspace; a server's request that names its call by the call's
 * progress token reaches that call's client even while other calls run on the server, and one that
 * names none is refused saying why.
 */
class Issue18McpClientTest {
  private static final McpSettings SETTINGS = new McpSettings(Duration.ofSeconds(30), Duration.ofSeconds(20),
      Duration.ofMillis(50), 3, Duration.ofSeconds(60));

  @TempDir
  Path dir;

  private McpServerEngine engine;

  /** A client that answers sampling with its own name, so each answer shows whose it was. */
  private record NamedCaller(String name) implements ToolCaller {
    @Override
    public Map<String, Object> request(String method, Map<String, Object> params, Duration timeout) {
      return Map.of("role", "assistant", "model", "test-model", "content", Map.of("type", "text", "text",
          "answered by " + name));
    }
  }

  private McpServerEngine load(McpServer server) throws Exception {
    engine = new McpServerEngine(server, new AllowAllGate(), () -> SETTINGS, Map.of("PATH", System.getenv("PATH")),
        new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true, dir.resolve("workspace"),
        ProviderSampling.OFF, ApproverElicitation.NONE);
    engine.load(TestServers.context(TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor()));
    return engine;
  }

  @AfterEach
  void unload() {
    if (engine != null) {
      engine.unload();
    }
  }

  private ToolResult call(ToolCaller caller, String name, Map<String, Object> arguments) throws Exception {
    CapsuleTool tool = engine.contributions().tools().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no tool [" + name + "] in " + engine.contributions().tools()));
    return caller == null ? tool.call(arguments)
        : ScopedValue.where(ToolCaller.CURRENT, caller).call(() -> tool.call(arguments));
  }

  @Test
  void everythingOffersItsRootsSamplingAndElicitationToolsAndSeesTheWorkspaceAsItsRoot() throws Exception {
    load(TestServers.node("everything", TestServers.everything().toString(), "stdio"));
    List<String> names = engine.contributions().tools().stream().map(CapsuleTool::name).toList();
    assertTrue(names.containsAll(List.of("get-roots-list", "trigger-sampling-request", "trigger-elicitation-request")),
        names.toString());
    String roots = call(null, "get-roots-list", Map.of()).content().toString();
    String uri = dir.resolve("workspace").toAbsolutePath().normalize().toUri().toString();
    assertTrue(roots.contains("1. workspace") && roots.contains("URI: " + uri), roots);
  }

  @Test
  void everythingsSamplingToolIsAnsweredByTheCallsClient() throws Exception {
    load(TestServers.node("everything", TestServers.everything().toString(), "stdio"));
    String result = call(new NamedCaller("ada"), "trigger-sampling-request", Map.of("prompt", "hi", "maxTokens", 5))
        .content().toString();
    assertTrue(result.contains("LLM sampling result:") && result.contains("answered by ada"), result);
  }

  @Test
  void requestsOfConcurrentCallsReachTheirOwnClientWhenTheyNameTheirCall() throws Exception {
    load(TestServers.node("concurrent", TestServers.script("concurrent-sampling-server.mjs").toString()));
    List<ToolResult> results = together(true);
    assertEquals(List.of(ToolResult.text("first: answered by ada"), ToolResult.text("second: answered by bob")),
        results);
  }

  @Test
  void requestsOfConcurrentCallsThatNameNoCallAreRefusedSayingWhy() throws Exception {
    load(TestServers.node("concurrent", TestServers.script("concurrent-sampling-server.mjs").toString()));
    String why = ": MCP error -32603: sampling/createMessage refused: 2 tool calls are running on mcp server"
        + " [concurrent]: the request cannot be told apart (it names no call's progress token)";
    assertEquals(List.of(ToolResult.error("first" + why), ToolResult.error("second" + why)), together(false));
  }

  /** Two calls of sample_together at once, by ada and by bob. */
  private List<ToolResult> together(boolean attributed) throws Exception {
    CompletableFuture<ToolResult> first = async(new NamedCaller("ada"), "first", attributed);
    CompletableFuture<ToolResult> second = async(new NamedCaller("bob"), "second", attributed);
    return List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
  }

  private CompletableFuture<ToolResult> async(ToolCaller caller, String prompt, boolean attributed) {
    CompletableFuture<ToolResult> result = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        result.complete(call(caller, "sample_together", Map.of("prompt", prompt, "count", 2, "attributed",
            attributed)));
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }
}
