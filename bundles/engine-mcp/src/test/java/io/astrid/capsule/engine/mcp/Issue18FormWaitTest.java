package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.ElicitationAnswer;
import io.astrid.capsule.api.security.ElicitationRequest;
import io.astrid.capsule.api.security.HumanWait;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.testing.Await;
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
 * Issue 18: a server's form waits for its human {@code mcp.elicitation.timeout.ms}, not the call timeout, and the
 * tool call that asked stays open meanwhile: with a call timeout of 500 ms, the human of server-everything's
 * {@code trigger-elicitation-request} answers only after four times that, and the server still gets the answer
 * and the call its result. Once the call's thread saw the form waiting (at its first timeout at the latest) it
 * waited as for a human ({@link HumanWait}), so the registry's call timeout paused as well.
 */
class Issue18FormWaitTest {
  private static final Duration CALL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration FORM_TIMEOUT = Duration.ofMinutes(7);
  private static final McpSettings SETTINGS = new McpSettings(Duration.ofSeconds(30), CALL_TIMEOUT,
      Duration.ofMillis(50), 3, Duration.ofSeconds(60));

  @TempDir
  Path dir;

  private McpServerEngine engine;
  private final List<Duration> given = new CopyOnWriteArrayList<>();

  /** A human who takes four call timeouts to fill in the form, then answers name and check. */
  private final Approver slowHuman = new Approver() {
    @Override
    public Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
      return Optional.empty();
    }

    @Override
    public Optional<ElicitationAnswer> fill(ElicitationRequest request, Duration timeout) {
      given.add(timeout);
      long start = System.nanoTime();
      try {
        Await.until(() -> System.nanoTime() - start > 4 * CALL_TIMEOUT.toNanos(), Duration.ofSeconds(30),
            "four call timeouts");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      return Optional.of(ElicitationAnswer.accept(Map.of("name", "Ada Lovelace", "check", true)));
    }
  };

  @AfterEach
  void unload() {
    if (engine != null) {
      engine.unload();
    }
  }

  @Test
  void issue18_aFormOutlivesTheCallTimeoutAndTheCallWaitsForIt() throws Exception {
    McpServer server = TestServers.node("everything", TestServers.everything().toString(), "stdio");
    engine = new McpServerEngine(server, new AllowAllGate(), () -> SETTINGS, Map.of("PATH", System.getenv("PATH")),
        new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true, dir, ProviderSampling.OFF,
        new ApproverElicitation(() -> Optional.of(slowHuman), () -> FORM_TIMEOUT));
    engine.load(TestServers.context(TestServers.manifest(server), dir, new McpServerEngineTest.RecordingMonitor()));
    CapsuleTool tool = engine.contributions().tools().stream()
        .filter(t -> t.name().equals("trigger-elicitation-request")).findFirst().orElseThrow();

    HumanWait account = HumanWait.ofCurrentThread();
    long waitedBefore = account.waitedNanos(System.nanoTime());
    String result = tool.call(Map.of()).content().toString();
    long waited = account.waitedNanos(System.nanoTime()) - waitedBefore;

    assertTrue(result.contains("- Name: Ada Lovelace") && result.contains("- Agreed to terms: true"), result);
    assertEquals(List.of(FORM_TIMEOUT), given, "the form waits mcp.elicitation.timeout.ms");
    assertTrue(waited > 2 * CALL_TIMEOUT.toNanos(), "the call waited as for a human: " + waited / 1_000_000 + " ms");
  }
}
