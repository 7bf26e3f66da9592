package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a capsule whose code is an MCP server serves its {@code [[interceptor]]}s with the
 * server's tools, for every event the runtime raises (tool calls, commands, capsules loaded and
 * unloaded); hook-server.mjs is a real server on stdio.
 */
class Issue18McpHookTest {
  private static final McpSettings SETTINGS = new McpSettings(Duration.ofSeconds(20), Duration.ofSeconds(5),
      Duration.ofMillis(50), 5, Duration.ofSeconds(60));
  private static final Interceptor BEFORE = new Interceptor(InterceptorEvent.BeforeToolCall, Optional.of("guard"));
  private static final Interceptor LOADED = new Interceptor(InterceptorEvent.CapsuleLoaded, Optional.of("guard"));
  private static final Interceptor BEFORE_COMMAND = new Interceptor(InterceptorEvent.BeforeCommand,
      Optional.of("guard"));
  private static final Interceptor BROKEN = new Interceptor(InterceptorEvent.AfterCommand, Optional.of("broken"));

  @TempDir
  Path dir;

  private final List<CapsuleHook> registered = new ArrayList<>();

  private McpHook load(List<Interceptor> interceptors) throws Exception {
    McpServer server = TestServers.node("hooks", TestServers.script("hook-server.mjs").toString());
    McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(), SETTINGS,
        Map.of("PATH", System.getenv("PATH")), new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true);
    McpHook hook = new McpHook(engine, "hooks", interceptors, (capsuleId, h) -> {
      registered.add(h);
      return () -> registered.remove(h);
    });
    hook.load(TestServers.context(TestServers.manifest(server), dir, EngineMonitor.IGNORE));
    return hook;
  }

  @Test
  void everyEventReachesTheToolTheInterceptorNamesAndItsAnswerComesBack() throws Exception {
    McpHook hook = load(List.of(BEFORE, LOADED, BEFORE_COMMAND, BROKEN));
    try {
      assertEquals(List.of(hook), registered);
      assertEquals(List.of(BEFORE, LOADED, BEFORE_COMMAND, BROKEN), hook.interceptors());
      assertEquals(Map.of("deny", "forbidden words"), hook.trigger(BEFORE, Map.of("event", "BeforeToolCall",
          "action", "guard", "capsule", "mcp-test", "arguments", Map.of("q", "forbidden"))));
      assertEquals(Map.of("arguments", Map.of("q", "rewritten")), hook.trigger(BEFORE, Map.of("event",
          "BeforeToolCall", "action", "guard", "capsule", "mcp-test", "arguments", Map.of("q", "rewrite-me"))));
      assertEquals(Map.of(), hook.trigger(LOADED, Map.of("event", "CapsuleLoaded", "action", "guard",
          "capsule", "other", "state", "READY")), "an empty text is an empty answer");
      assertEquals(Map.of(), hook.trigger(BEFORE_COMMAND, Map.of("event", "BeforeCommand", "action", "guard",
          "capsule", "mcp-test", "command", "greet", "arguments", "x")));
      assertEquals("interceptor tool [broken] of capsule [mcp-test]: the answer is not JSON: not json",
          assertThrows(IllegalStateException.class, () -> hook.trigger(BROKEN, Map.of("event", "AfterCommand")))
              .getMessage());
      CapsuleTool journal = hook.contributions().tools().stream().filter(t -> t.name().equals("journal"))
          .findFirst().orElseThrow();
      assertEquals("BeforeToolCall:mcp-test BeforeToolCall:mcp-test CapsuleLoaded:other BeforeCommand:mcp-test",
          journal.call(Map.of()).text());
    } finally {
      hook.unload();
    }
    assertEquals(List.of(), registered, "unload unregisters the hook");
  }

  @Test
  void anInterceptorNamingNoToolOfTheServerFailsTheLoad() {
    Interceptor missing = new Interceptor(InterceptorEvent.AfterToolCall, Optional.of("nope"));
    McpError error = assertThrows(McpError.class, () -> load(List.of(BEFORE, missing)));
    assertEquals("interceptor [nope] of capsule [mcp-test]: mcp server [hooks] lists no tool [nope]",
        error.getMessage());
    assertEquals(List.of(), registered);
  }
}
