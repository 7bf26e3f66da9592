package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ElicitationAnswer;
import io.astrid.capsule.api.security.ElicitationField;
import io.astrid.capsule.api.security.ElicitationRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the queued approver holds MCP servers' forms beside approval questions, until code answers
 * them through {@code PendingApprovals} or the caller's timeout passes; the two never answer each other.
 */
class Issue18QueuedFormsTest {
  private static final ElicitationRequest FORM = new ElicitationRequest("form-1", "everything",
      "mcp server [everything]", "Your name?", List.of(new ElicitationField("name", "string", Optional.empty(),
          Optional.empty(), List.of(), true)));

  @Test
  void aFormWaitsUntilCodeAnswersIt() throws Exception {
    QueuedApprover queue = new QueuedApprover();
    CompletableFuture<Optional<ElicitationAnswer>> filled = CompletableFuture.supplyAsync(
        () -> queue.fill(FORM, Duration.ofSeconds(20)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (queue.pendingForms().isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the form was not queued within 20 s");
      Thread.onSpinWait();
    }
    assertEquals(List.of(FORM), queue.pendingForms());
    assertEquals(List.of(), queue.pending(), "a form is no approval question");
    assertFalse(queue.answer("form-1", ApprovalAnswer.ONCE), "an approval answer does not answer a form");
    assertTrue(queue.answer("form-1", ElicitationAnswer.accept(Map.of("name", "Ada"))));
    assertEquals(Optional.of(ElicitationAnswer.accept(Map.of("name", "Ada"))), filled.get(20, TimeUnit.SECONDS));
    assertEquals(List.of(), queue.pendingForms());
  }

  @Test
  void aFormNotAnsweredInTimeHasNoAnswer() {
    QueuedApprover queue = new QueuedApprover();
    assertEquals(Optional.empty(), queue.fill(FORM, Duration.ofMillis(20)));
    assertFalse(queue.answer("form-1", ElicitationAnswer.DECLINE), "no longer pending");
  }
}
