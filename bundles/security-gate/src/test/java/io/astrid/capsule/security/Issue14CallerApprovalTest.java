package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolCallerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: when the gate asks a human during a call a client made, the client's human is asked
 * (the caller travels with the call as {@link ToolCaller#CURRENT}); a client that cannot ask leaves
 * it to the runtime's approvers; a refusal denies with the client's reason and {@code answer_from}
 * {@code client}.
 */
class Issue14CallerApprovalTest {
  private static final GateRequest GITHUB = new GateRequest.Http("GET", "https://api.github.com/user");
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir
  Path temp;

  private SecuritySubject subject;
  private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void subject() {
    subject = new SecuritySubject("agent", TestSubjects.manifest(List.of("api.github.com"), List.of(), List.of(),
        List.of(), List.of()), temp);
  }

  /** A caller whose human answers with {@code answer} (null: declines). */
  private final class RecordingCaller implements ToolCaller {
    private final boolean canAsk;
    private final Supplier<Optional<ApprovalAnswer>> answer;

    RecordingCaller(boolean canAsk, Supplier<Optional<ApprovalAnswer>> answer) {
      this.canAsk = canAsk;
      this.answer = answer;
    }

    @Override
    public String name() {
      return "mcp client [probe 1.0]";
    }

    @Override
    public boolean canAsk() {
      return canAsk;
    }

    @Override
    public Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
      asked.add("client: " + request);
      return answer.get();
    }
  }

  private Approver console() {
    return (request, timeout) -> {
      asked.add("console: " + request);
      return Optional.of(ApprovalAnswer.DENY);
    };
  }

  private Verdict check(ToolCaller caller, PersistentAnswers store) {
    ApprovalGate gate = new ApprovalGate(Map.of("net", ApprovalGate.Mode.ASK), store, () -> Optional.of(console()),
        WAIT);
    return ScopedValue.where(ToolCaller.CURRENT, caller).call(() -> gate.check(subject, GITHUB));
  }

  private static Verdict human(boolean allowed, String reason, String answer) {
    return new Verdict(new GateDecision(allowed, reason, "human"), Optional.of(answer), Optional.of("client"));
  }

  @Test
  void aClientThatCanAskIsAskedInsteadOfTheConsoleAndItsSessionAnswerIsKept() {
    try (PersistentAnswers store = new PersistentAnswers(temp.resolve("approvals.mv.db"))) {
      assertEquals(human(true, "approved by the user of mcp client [probe 1.0] (session)", "session"),
          check(new RecordingCaller(true, () -> Optional.of(ApprovalAnswer.SESSION)), store));
      assertEquals(List.of("client: capsule [agent] wants net [api.github.com]"), asked);
    }
  }

  @Test
  void aClientThatDeclinesDeniesWithItsReason() {
    try (PersistentAnswers store = new PersistentAnswers(temp.resolve("approvals.mv.db"))) {
      RecordingCaller declining = new RecordingCaller(true, () -> {
        throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR,
            "mcp client [probe 1.0] declined the question");
      });
      assertEquals(human(false, "net [https://api.github.com/user] denied: mcp client [probe 1.0] declined the"
          + " question", "none"), check(declining, store));
      assertEquals(human(false, "net [https://api.github.com/user] denied: mcp client [probe 1.0] gave no answer"
          + " within 5 s", "none"), check(new RecordingCaller(true, Optional::empty), store));
      assertEquals(human(false, "net [https://api.github.com/user] denied: the user of mcp client [probe 1.0]"
          + " said no", "deny"), check(new RecordingCaller(true, () -> Optional.of(ApprovalAnswer.DENY)), store));
    }
  }

  @Test
  void aClientThatCannotAskLeavesTheQuestionToTheRuntimesApprover() {
    try (PersistentAnswers store = new PersistentAnswers(temp.resolve("approvals.mv.db"))) {
      Verdict verdict = check(new RecordingCaller(false, () -> Optional.of(ApprovalAnswer.ALWAYS)), store);
      assertEquals(new Verdict(GateDecision.deny("human", "net [https://api.github.com/user] denied: the user said"
          + " no"), Optional.of("deny"), Optional.of("prompt")), verdict);
      assertEquals(List.of("console: capsule [agent] wants net [api.github.com]"), asked);
    }
  }
}
