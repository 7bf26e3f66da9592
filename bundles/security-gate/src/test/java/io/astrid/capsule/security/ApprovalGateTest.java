package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalGateTest {
  private static final GateRequest GITHUB = new GateRequest.Http("GET", "https://api.github.com/user");
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir
  Path temp;

  private SecuritySubject subject;
  private final List<ApprovalRequest> asked = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void subject() {
    subject = new SecuritySubject("agent", TestSubjects.manifest(List.of("api.github.com"), List.of(), List.of(),
        List.of(), List.of()), temp);
  }

  /** An approver that records each question and gives the next of its answers. */
  private Approver answering(ApprovalAnswer... answers) {
    List<ApprovalAnswer> left = new ArrayList<>(List.of(answers));
    return (request, timeout) -> {
      asked.add(request);
      return left.isEmpty() ? Optional.empty() : Optional.of(left.removeFirst());
    };
  }

  private ApprovalGate gate(ApprovalGate.Mode netMode, PersistentAnswers store, Optional<Approver> approver) {
    return new ApprovalGate(Map.of("net", netMode), store, () -> approver, WAIT);
  }

  /** A decision by a human's answer, with the answer and where it came from. */
  private static Verdict human(boolean allowed, String reason, String answer, String from) {
    return new Verdict(new GateDecision(allowed, reason, "human"), Optional.of(answer), Optional.of(from));
  }

  private PersistentAnswers store() {
    return new PersistentAnswers(temp.resolve("approvals.mv.db"));
  }

  @Test
  void allowAndDenyModesNeedNoHuman() {
    try (PersistentAnswers store = store()) {
      assertEquals(Verdict.of(GateDecision.allow("policy", "needs no approval (approval.net=allow)")),
          gate(ApprovalGate.Mode.ALLOW, store, Optional.empty()).check(subject, GITHUB));
      assertEquals(Verdict.of(GateDecision.deny("policy", "net [https://api.github.com/user] denied:"
          + " approval.net=deny")), gate(ApprovalGate.Mode.DENY, store, Optional.empty()).check(subject, GITHUB));
    }
  }

  @Test
  void askingWithNoApproverDeniesAndSaysHowToProceed() {
    try (PersistentAnswers store = store()) {
      assertEquals(Verdict.of(GateDecision.deny("policy", "net [https://api.github.com/user] denied: it needs"
          + " approval (approval.net=ask) and no approver is available (headless); set approval.net=allow or run"
          + " interactively")), gate(ApprovalGate.Mode.ASK, store, Optional.empty()).check(subject, GITHUB));
    }
  }

  @Test
  void onceAsksEveryTimeAndSessionAsksOncePerRun() {
    try (PersistentAnswers store = store()) {
      ApprovalGate gate = gate(ApprovalGate.Mode.ASK, store, Optional.of(answering(ApprovalAnswer.ONCE,
          ApprovalAnswer.SESSION)));
      assertEquals(human(true, "approved by the user (once)", "once", "prompt"), gate.check(subject, GITHUB));
      assertEquals(human(true, "approved by the user (session)", "session", "prompt"), gate.check(subject, GITHUB));
      assertEquals(human(true, "approved by the user for this session", "session", "session"),
          gate.check(subject, new GateRequest.Http("GET", "https://api.github.com/other")),
          "a session answer covers the host, not one URL");
      assertEquals(2, asked.size());
      assertEquals(new ApprovalRequest(asked.getFirst().id(), "agent", "net", "api.github.com"), asked.getFirst());
    }
    try (PersistentAnswers store = store()) {
      Verdict afterRestart = gate(ApprovalGate.Mode.ASK, store, Optional.of(answering(ApprovalAnswer.DENY)))
          .check(subject, GITHUB);
      assertEquals(human(false, "net [https://api.github.com/user] denied: the user said no", "deny", "prompt"),
          afterRestart, "session answers do not survive a restart");
    }
  }

  @Test
  void alwaysAndDenyAlwaysSurviveARestart() {
    GateRequest write = new GateRequest.Http("POST", "https://uploads.example.org/x");
    SecuritySubject other = new SecuritySubject("uploader", subject.manifest(), temp);
    try (PersistentAnswers store = store()) {
      ApprovalGate gate = gate(ApprovalGate.Mode.ASK, store, Optional.of(answering(ApprovalAnswer.ALWAYS,
          ApprovalAnswer.DENY_ALWAYS)));
      assertTrue(gate.check(subject, GITHUB).decision().allowed());
      assertFalse(gate.check(other, write).decision().allowed());
    }
    asked.clear();
    try (PersistentAnswers store = store()) {
      ApprovalGate restarted = gate(ApprovalGate.Mode.ASK, store, Optional.of(answering()));
      assertEquals(human(true, "approved by the user always for capsule [agent]", "always", "store"),
          restarted.check(subject, GITHUB));
      assertEquals(human(false, "net [https://uploads.example.org/x] denied: the user denies it always for capsule"
          + " [uploader]", "never", "store"), restarted.check(other, write));
      assertEquals(List.of(), asked, "stored answers are not asked again");
    }
  }

  @Test
  void noAnswerInTimeDenies() {
    try (PersistentAnswers store = store()) {
      assertEquals(human(false, "net [https://api.github.com/user] denied: no answer within 5 s", "none", "prompt"),
          gate(ApprovalGate.Mode.ASK, store, Optional.of(answering())).check(subject, GITHUB));
    }
  }

  @Test
  void concurrentIdenticalRequestsAreOneQuestion() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Approver slow = (request, timeout) -> {
      asked.add(request);
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.of(ApprovalAnswer.ONCE);
    };
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    try (PersistentAnswers store = store(); ExecutorService callers = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable);
      threads.add(thread);
      return thread;
    })) {
      ApprovalGate gate = gate(ApprovalGate.Mode.ASK, store, Optional.of(slow));
      List<Future<Verdict>> decisions = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        decisions.add(callers.submit(() -> gate.check(subject, GITHUB)));
      }
      // One caller waits for the human, the three others for that one's answer: all four parked inside the
      // question (not merely parked, say on the answer store's thread, before they reach it).
      awaitTrue(() -> threads.size() == 4 && threads.stream().allMatch(t -> (t.getState() == Thread.State.WAITING
          || t.getState() == Thread.State.TIMED_WAITING) && Arrays.stream(t.getStackTrace())
              .anyMatch(frame -> frame.getClassName().equals(ApprovalGate.class.getName())
                  && frame.getMethodName().equals("ask"))));
      release.countDown();
      for (Future<Verdict> decision : decisions) {
        assertTrue(decision.get(5, TimeUnit.SECONDS).decision().allowed());
      }
    }
    assertEquals(1, asked.size(), "asked " + asked.size() + " times for 4 identical concurrent requests");
  }

  @Test
  void theQueuedApproverListsPendingQuestionsAndTakesAnswersFromCode() throws Exception {
    QueuedApprover queue = new QueuedApprover();
    try (PersistentAnswers store = store(); ExecutorService caller = Executors.newSingleThreadExecutor()) {
      ApprovalGate gate = gate(ApprovalGate.Mode.ASK, store, Optional.of(queue));
      Future<Verdict> decision = caller.submit(() -> gate.check(subject, GITHUB));
      awaitTrue(() -> !queue.pending().isEmpty());
      ApprovalRequest pending = queue.pending().getFirst();
      assertEquals("capsule [agent] wants net [api.github.com]", pending.toString());
      assertFalse(queue.answer("no-such-id", ApprovalAnswer.ONCE));
      assertTrue(queue.answer(pending.id(), ApprovalAnswer.DENY));
      assertEquals("net [https://api.github.com/user] denied: the user said no", decision.get(5, TimeUnit.SECONDS)
          .decision().reason());
      assertEquals(List.of(), queue.pending());
    }
  }

  /** Waits for another thread to make {@code condition} true, failing after {@link #WAIT}. */
  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.onSpinWait();
    }
  }
}
