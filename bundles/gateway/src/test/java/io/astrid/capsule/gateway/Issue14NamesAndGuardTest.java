package io.astrid.capsule.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 14: the one name mapping, and who the HTTP guard lets through. */
class Issue14NamesAndGuardTest {
  @Test
  void aToolsMcpNameIsItsCapsuleAndNameJoinedByTheFirstUnderscore() {
    assertEquals(Optional.of("knowledge-graph_read_graph"), McpNames.tool("knowledge-graph", "read_graph"));
    assertEquals(Optional.of("capsule:knowledge-graph:read_graph"),
        McpNames.qualifiedTool("knowledge-graph_read_graph"));
    assertEquals(Optional.of("capsule:test:simple_text"), McpNames.qualifiedTool("test_simple_text"));
    assertEquals(Optional.empty(), McpNames.qualifiedTool("nounderscore"));
    assertEquals(Optional.empty(), McpNames.qualifiedTool("_leading"));
    assertEquals(Optional.empty(), McpNames.tool("a".repeat(64), "b".repeat(64)), "129 characters: over MCP's 128");
    assertEquals("hello-static_hello", McpNames.prompt("hello-static", "hello"));
    assertEquals("capsule://notes/context/guide", McpNames.resource("notes", "context", "guide"));
  }

  @Test
  void aLoopbackEndpointChecksHostAndOriginAndNeedsNoToken() {
    HttpGuard guard = HttpGuard.of("127.0.0.1", 7411, List.of("http://localhost:3000"), "t0ken");
    assertEquals(Optional.empty(), guard.check("localhost:7411", null, null));
    assertEquals(Optional.empty(), guard.check("127.0.0.1:7411", "http://127.0.0.1:7411", null));
    assertEquals(Optional.empty(), guard.check("[::1]:7411", "http://localhost:3000", null));
    assertEquals(Optional.of(new HttpGuard.Refusal(403, "host refused [evil.example:7411]: the endpoint answers to "
        + "[127.0.0.1:7411, [::1]:7411, localhost:7411]")), guard.check("evil.example:7411", null, null));
    assertEquals(Optional.of(new HttpGuard.Refusal(403, "origin refused [http://evil.example]: not the endpoint's own "
        + "nor one of gateway.http.allowed.origins")), guard.check("localhost:7411", "http://evil.example", null));
  }

  @Test
  void anotherEndpointAnswersToAnyHostButOnlyWithTheToken() {
    HttpGuard guard = HttpGuard.of("0.0.0.0", 7411, List.of(), "t0ken");
    assertEquals(Optional.empty(), guard.check("build-box:7411", null, "Bearer t0ken"));
    HttpGuard.Refusal refused = new HttpGuard.Refusal(401, "authorization failed: this endpoint needs the bearer "
        + "token of gateway.json in the state directory");
    assertEquals(Optional.of(refused), guard.check("build-box:7411", null, null));
    assertEquals(Optional.of(refused), guard.check("build-box:7411", null, "Bearer wrong"));
  }

  @Test
  void configuredOriginsAreSplitAtCommas() {
    assertEquals(List.of("http://a:1", "http://b:2"),
        GatewayServer.origins(new String[] {"http://a:1, http://b:2", " "}));
  }
}
