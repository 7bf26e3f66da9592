package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.WasmEngineConfiguration;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.PendingApprovals;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 20, finding 3: an approval asked during a wasm call was abandoned when the call timed out
 * (10 s) while the prompt said 120 s. Here the call timeouts are 1 s and 1.5 s and the human
 * answers after more than twice that; the call waits and succeeds. (The same question asked on a terminal by
 * {@code capsule call} is distribution's {@code Issue20Finding3IT}.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue20Finding3IT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CALL_TIMEOUT = Duration.ofMillis(1_000);

  @Test
  public void finding3_aWasmCallWaitingForAHumanOutlivesItsCallTimeoutsAndSucceeds() throws Exception {
    Path workspace = workspaceDirectory();
    configure(CapsuleSecurityGate.PID, CapsuleSecurityGate.class, Map.of(CapsuleSecurityGate.APPROVAL_FS_WRITE, "ask",
        CapsuleSecurityGate.APPROVAL_TIMEOUT_MS, "60000"));
    // The queue of questions for a human is there only when configured (an empty configuration will do).
    configure("io.astrid.capsule.security.queue", PendingApprovals.class, Map.of());
    configure(WasmEngineConfiguration.PID, EngineFactory.class,
        Map.of(WasmEngineConfiguration.CALL_TIMEOUT_MS, String.valueOf(CALL_TIMEOUT.toMillis())));
    configure(CapsuleRegistry.PID, CapsuleRegistry.class, Map.of(CapsuleRegistry.CALL_TIMEOUT_MS,
        String.valueOf(CALL_TIMEOUT.multipliedBy(3).dividedBy(2).toMillis())));
    CapsuleRegistry registry = service(CapsuleRegistry.class, TIMEOUT);
    PendingApprovals human = service(PendingApprovals.class, TIMEOUT);
    installReady(EXAMPLES.resolve("notes"), "notes", TIMEOUT);

    CompletableFuture<ToolResult> saved = CompletableFuture.supplyAsync(
        () -> registry.call("capsule:notes:note_save", Map.of("name", "otters", "text", "hold hands")));

    ApprovalRequest mkdir = nextQuestion(human, "");
    assertEquals("capsule [notes] wants fs_write [" + workspace.toRealPath().resolve("notes") + "]",
        mkdir.toString());
    // The human takes more than twice the longest call timeout; the call must still be waiting.
    assertThrows(TimeoutException.class, () -> saved.get(CALL_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS));
    human.answer(mkdir.id(), ApprovalAnswer.ONCE);
    ApprovalRequest write = nextQuestion(human, mkdir.id());
    assertEquals("capsule [notes] wants fs_write [" + workspace.toRealPath().resolve("notes/otters.md") + "]",
        write.toString());
    human.answer(write.id(), ApprovalAnswer.ONCE);

    assertEquals(ToolResult.text("saved notes/otters.md"), saved.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals("hold hands", Files.readString(workspace.resolve("notes/otters.md")));
    Path real = workspace.toRealPath();
    assertEquals("a human's allow is audited as one", List.of(
        "\"capsule\":\"notes\",\"action\":\"fs_write\",\"resource\":\"" + real.resolve("notes")
            + "\",\"decision\":\"allow\",\"reason\":"
            + "\"fs_write [" + real.resolve("notes") + "] is within the declared prefix [notes]; approved by the user"
            + " (once)\",\"gate\":\"human\",\"answer\":\"once\",\"answer_from\":\"prompt\"}",
        "\"capsule\":\"notes\",\"action\":\"fs_write\",\"resource\":\"" + real.resolve("notes/otters.md")
            + "\",\"decision\":\"allow\","
            + "\"reason\":\"fs_write [" + real.resolve("notes/otters.md") + "] is within the declared prefix [notes];"
            + " approved by the user (once)\",\"gate\":\"human\",\"answer\":\"once\",\"answer_from\":\"prompt\"}"),
        Files.readAllLines(stateDirectory().resolve("audit.jsonl")).stream()
            .filter(line -> line.contains("\"gate\":\"human\""))
            .map(line -> line.substring(line.indexOf("\"capsule\""))).toList());
  }

  /** The oldest question waiting for the human other than {@code answered}, waiting up to {@link #TIMEOUT}. */
  private static ApprovalRequest nextQuestion(PendingApprovals human, String answered) throws InterruptedException {
    AtomicReference<ApprovalRequest> next = new AtomicReference<>();
    Await.until(() -> {
      human.pending().stream().filter(r -> !r.id().equals(answered)).findFirst().ifPresent(next::set);
      return next.get() != null;
    }, TIMEOUT, "an approval request other than [" + answered + "]");
    return next.get();
  }
}
