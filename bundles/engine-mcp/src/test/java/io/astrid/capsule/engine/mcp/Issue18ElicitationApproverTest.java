package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.ElicitationAnswer;
import io.astrid.capsule.api.security.ElicitationField;
import io.astrid.capsule.api.security.ElicitationRequest;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a server's {@code elicitation/create} that no client of a call can answer (a call no client
 * made, as the CLI's; a client without the {@code elicitation} capability) goes to the runtime's
 * approver, which shows the human the server's message and fields: an accepted answer reaches the
 * server (server-everything's {@code trigger-elicitation-request} prints it), a decline is
 * {@code decline}, no answer is {@code cancel}; without an approver, or with an answer that does not fit
 * the form, the server gets an error saying why. Never answered by the runtime itself.
 */
class Issue18ElicitationApproverTest {
  private static final McpSettings SETTINGS = new McpSettings(Duration.ofSeconds(30), Duration.ofSeconds(20),
      Duration.ofMillis(50), 3, Duration.ofSeconds(60));

  @TempDir
  Path dir;

  private McpServerEngine engine;
  private final List<ElicitationRequest> asked = new CopyOnWriteArrayList<>();

  /** An approver whose human gives {@code answer} to every form (empty: no answer in time). */
  private Approver human(Optional<ElicitationAnswer> answer) {
    return new Approver() {
      @Override
      public Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
        return Optional.empty();
      }

      @Override
      public Optional<ElicitationAnswer> fill(ElicitationRequest request, Duration timeout) {
        asked.add(request);
        return answer;
      }
    };
  }

  private void load(ApproverElicitation elicitation) throws Exception {
    McpServer server = TestServers.node("everything", TestServers.everything().toString(), "stdio");
    engine = new McpServerEngine(server, new AllowAllGate(), () -> SETTINGS, Map.of("PATH", System.getenv("PATH")),
        new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true, dir, ProviderSampling.OFF,
        elicitation);
    engine.load(TestServers.context(TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor()));
  }

  private void load(Optional<ElicitationAnswer> answer) throws Exception {
    Approver approver = human(answer);
    load(new ApproverElicitation(() -> Optional.of(approver), () -> Duration.ofSeconds(20)));
  }

  @AfterEach
  void unload() {
    if (engine != null) {
      engine.unload();
    }
  }

  private String elicit(ToolCaller caller) throws Exception {
    CapsuleTool tool = engine.contributions().tools().stream()
        .filter(t -> t.name().equals("trigger-elicitation-request")).findFirst().orElseThrow();
    ToolResult result = caller == null ? tool.call(Map.of())
        : ScopedValue.where(ToolCaller.CURRENT, caller).call(() -> tool.call(Map.of()));
    return result.content().toString();
  }

  @Test
  void theApproversHumanSeesTheMessageAndFieldsAndTheirAnswerReachesTheServer() throws Exception {
    load(Optional.of(ElicitationAnswer.accept(Map.of("name", "Ada Lovelace", "check", true, "integer", 7,
        "untitledMultipleSelectEnum", List.of("Piano", "Drums"), "legacyTitledEnum", "pet-2"))));
    String result = elicit(null);
    assertTrue(result.contains("User provided the requested information!") && result.contains("- Name: Ada Lovelace")
        && result.contains("- Agreed to terms: true") && result.contains("- Favorite Integer: 7"), result);
    ElicitationRequest form = asked.getFirst();
    assertEquals("mcp-test", form.capsuleId());
    assertEquals("mcp server [everything]", form.source());
    assertEquals("Please provide inputs for the following fields:", form.message());
    assertEquals(new ElicitationField("name", "string", Optional.of("String"), Optional.of("Your full, legal name"),
        List.of(), true), form.fields().getFirst());
    assertEquals(new ElicitationField("titledSingleSelectEnum", "string", Optional.of("Titled Single Select Enum"),
        Optional.of("Choose your favorite hero"), List.of("hero-1", "hero-2", "hero-3"), false),
        form.fields().stream().filter(f -> f.name().equals("titledSingleSelectEnum")).findFirst().orElseThrow());
    assertEquals(List.of("name", "check", "firstLine", "email", "homepage", "birthdate", "integer", "number",
        "untitledSingleSelectEnum", "untitledMultipleSelectEnum", "titledSingleSelectEnum", "titledMultipleSelectEnum",
        "legacyTitledEnum"), form.fields().stream().map(ElicitationField::name).toList());
  }

  @Test
  void aClientWithoutElicitationLeavesTheFormToTheApprover() throws Exception {
    load(Optional.of(ElicitationAnswer.DECLINE));
    ToolCaller withoutElicitation = () -> "mcp client [plain 1.0]";
    String result = elicit(withoutElicitation);
    assertTrue(result.contains("User declined to provide the requested information."), result);
    assertEquals(1, asked.size());
  }

  @Test
  void noAnswerInTimeIsCancel() throws Exception {
    load(Optional.empty());
    String result = elicit(null);
    assertTrue(result.contains("User cancelled the elicitation dialog."), result);
  }

  @Test
  void withoutAnApproverTheServerIsToldWhy() throws Exception {
    load(ApproverElicitation.NONE);
    assertEquals("[TextContent[text=MCP error -32603: elicitation/create refused: no client of a call can answer it"
        + " and no approver is available (headless)]]", elicit(null));
  }

  @Test
  void anAnswerThatDoesNotFitTheFormIsNotSent() throws Exception {
    load(Optional.of(ElicitationAnswer.accept(Map.of("name", "Ada", "integer", "seven"))));
    assertEquals("[TextContent[text=MCP error -32603: elicitation/create failed: the approver's answer does not fit"
        + " the form: field [integer] is not a value of type [integer]: seven]]", elicit(null));
  }
}
