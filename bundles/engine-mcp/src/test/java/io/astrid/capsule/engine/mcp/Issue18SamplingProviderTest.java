package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.llm.LlmProvider;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: with {@code mcp.sampling.provider} naming an {@link LlmProvider}, server-everything's
 * sampling tool is answered by that provider (even for a call no client made, as the CLI's), each
 * request approved by a human first; a denial, no approver, or a provider not running refuses it
 * saying why. Off (empty), nothing changes: sampling goes to the calling client.
 */
class Issue18SamplingProviderTest {
  private static final McpSettings SETTINGS = new McpSettings(Duration.ofSeconds(30), Duration.ofSeconds(20),
      Duration.ofMillis(50), 3, Duration.ofSeconds(60));

  @TempDir
  Path dir;

  private McpServerEngine engine;
  private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  /** A provider that answers with what it was asked, so the test sees the chat request it got. */
  private final class EchoProvider implements LlmProvider {
    @Override
    public String id() {
      return "local";
    }

    @Override
    public String capsuleId() {
      return "local-llm";
    }

    @Override
    public Optional<String> description() {
      return Optional.empty();
    }

    @Override
    public List<String> capabilities() {
      return List.of("text");
    }

    @Override
    public String complete(String request) {
      requests.add(request);
      return "{\"message\":{\"role\":\"assistant\",\"content\":\"otters hold hands\"},\"finish_reason\":\"length\"}";
    }
  }

  private void load(String provider, List<Approver> approvers) throws Exception {
    McpServer server = TestServers.node("everything", TestServers.everything().toString(), "stdio");
    ProviderSampling sampling = new ProviderSampling(() -> provider, () -> List.of(new EchoProvider()),
        () -> approvers.stream().findFirst());
    engine = new McpServerEngine(server, new AllowAllGate(), () -> SETTINGS, Map.of("PATH", System.getenv("PATH")),
        new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true, dir, sampling,
        ApproverElicitation.NONE);
    engine.load(TestServers.context(TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor()));
  }

  @AfterEach
  void unload() {
    engine.unload();
  }

  private ToolResult sample() throws Exception {
    CapsuleTool tool = engine.contributions().tools().stream().filter(t -> t.name().equals("trigger-sampling-request"))
        .findFirst().orElseThrow();
    return tool.call(Map.of("prompt", "otters?", "maxTokens", 7));
  }

  private Approver answering(ApprovalAnswer answer) {
    return (request, timeout) -> {
      asked.add(request.toString());
      return Optional.of(answer);
    };
  }

  @Test
  void theConfiguredProviderAnswersOnceAHumanAllowedIt() throws Exception {
    load("local", List.of(answering(ApprovalAnswer.ONCE)));
    String result = sample().content().toString();
    assertTrue(result.contains("\"text\": \"otters hold hands\"") && result.contains("\"model\": \"local\"")
        && result.contains("\"stopReason\": \"maxTokens\""), result);
    assertEquals(List.of("capsule [mcp-test] wants sampling [mcp server [everything] through llm provider [local]]"),
        asked);
    assertEquals(List.of("{\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful test server.\"},"
        + "{\"role\":\"user\",\"content\":\"Resource trigger-sampling-request context: otters?\"}],\"max_tokens\":7,"
        + "\"temperature\":0.7}"), requests);
  }

  @Test
  void aDenialOrNoApproverRefusesItAndTheProviderIsNotAsked() throws Exception {
    load("local", List.of(answering(ApprovalAnswer.DENY)));
    assertTrue(sample().content().toString().contains("MCP error -32603: sampling/createMessage refused: denied:"
        + " capsule [mcp-test] wants sampling [mcp server [everything] through llm provider [local]]"));
    engine.unload();
    load("local", List.of());
    assertTrue(sample().content().toString().contains("MCP error -32603: sampling/createMessage refused: no approver"
        + " is available (headless) to allow capsule [mcp-test] wants sampling"));
    assertEquals(List.of(), requests);
  }

  @Test
  void aProviderThatIsNotRunningIsNamed() throws Exception {
    load("remote", List.of(answering(ApprovalAnswer.ONCE)));
    assertTrue(sample().content().toString().contains("MCP error -32603: sampling/createMessage refused: llm provider"
        + " [remote] (mcp.sampling.provider) is not running"));
    assertEquals(List.of(), asked);
  }

  @Test
  void offSamplingGoesToTheCallingClientAsBefore() throws Exception {
    load("", List.of(answering(ApprovalAnswer.ONCE)));
    assertTrue(sample().content().toString().contains("MCP error -32603: sampling/createMessage refused: no tool call"
        + " of a client is running on mcp server [everything]"));
    assertEquals(List.of(), asked);
  }
}
