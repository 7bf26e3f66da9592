package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ConsoleApproverTest {
  private static final ApprovalRequest REQUEST = new ApprovalRequest("1", "agent", "net", "api.github.com");
  private static final String PROMPT =
      "capsule [agent] wants net [api.github.com]. Allow? [o]nce, [s]ession, [a]lways, [d]eny, [n]ever: ";

  private static Optional<ApprovalAnswer> answer(String typed, StringWriter screen) {
    ConsoleApprover approver = new ConsoleApprover(new BufferedReader(new StringReader(typed)),
        new PrintWriter(screen));
    return approver.ask(REQUEST, Duration.ofSeconds(5));
  }

  @Test
  void wordsAndTheirFirstLettersAreAnswers() {
    assertEquals(Optional.of(ApprovalAnswer.SESSION), answer("s\n", new StringWriter()));
    assertEquals(Optional.of(ApprovalAnswer.ALWAYS), answer("Always\n", new StringWriter()));
    assertEquals(Optional.of(ApprovalAnswer.DENY_ALWAYS), answer("never\n", new StringWriter()));
  }

  @Test
  void aWrongWordIsAskedAgainAndTheEndOfInputDenies() {
    StringWriter screen = new StringWriter();
    assertEquals(Optional.of(ApprovalAnswer.ONCE), answer("yes please\no\n", screen));
    assertEquals(PROMPT + "please answer o, s, a, d or n" + System.lineSeparator() + PROMPT, screen.toString());

    StringWriter closed = new StringWriter();
    assertEquals(Optional.empty(), answer("", closed));
    assertEquals(PROMPT + System.lineSeparator() + "no answer: denied" + System.lineSeparator(), closed.toString());
  }

  @Test
  void finding6_theGuestsResourceIsShownEscapedInThePrompt() {
    StringWriter screen = new StringWriter();
    ConsoleApprover approver = new ConsoleApprover(new BufferedReader(new StringReader("d\n")),
        new PrintWriter(screen));
    approver.ask(new ApprovalRequest("2", "agent", "fs_write", "notes/x\r\u001b[2Kcapsule [agent] wants net [ok]"),
        Duration.ofSeconds(5));
    assertEquals("capsule [agent] wants fs_write [notes/x\\u000d\\u001b[2Kcapsule [agent] wants net [ok]]. Allow?"
        + " [o]nce, [s]ession, [a]lways, [d]eny, [n]ever: ", screen.toString());
  }

  /**
   * A late answer to a question that timed out was read by that question's abandoned reader and the
   * next question's answer was lost; worse, a late line could answer the next question. Lines typed
   * while no question is pending are no answer to the next one.
   */
  @Test
  void aLateAnswerToATimedOutQuestionDoesNotAnswerTheNextOne() throws Exception {
    PipedWriter keyboard = new PipedWriter();
    StringWriter screen = new StringWriter();
    ConsoleApprover approver = new ConsoleApprover(new BufferedReader(new PipedReader(keyboard)),
        new PrintWriter(screen));
    assertEquals(Optional.empty(), approver.ask(REQUEST, Duration.ofMillis(50)), "nobody answered in time");
    keyboard.write("always\n"); // too late for the first question
    keyboard.flush();
    awaitTrue(() -> approver.unreadLines() == 1);

    CompletableFuture<Optional<ApprovalAnswer>> second = CompletableFuture.supplyAsync(
        () -> approver.ask(new ApprovalRequest("2", "agent", "net", "example.org"), Duration.ofSeconds(5)));
    awaitTrue(() -> screen.toString().contains("wants net [example.org]"));
    keyboard.write("deny\n");
    keyboard.flush();
    assertEquals(Optional.of(ApprovalAnswer.DENY), second.get(5, TimeUnit.SECONDS));
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 5 s");
      }
      Thread.sleep(5);
    }
  }
}
