package io.astrid.capsule.launcher;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.BufferedReader;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The human at the terminal of a command that docks capsules ({@code run}, {@code call},
 * {@code invoke}, {@code inspect}, {@code tools}): one question at a time, answered with a word or
 * its first letter. Registered only when the process has a terminal; without one the runtime is
 * headless and "ask" denies.
 */
final class ConsoleApprover implements Approver {
  private static final Map<String, ApprovalAnswer> WORDS = Map.ofEntries(
      Map.entry("o", ApprovalAnswer.ONCE), Map.entry("once", ApprovalAnswer.ONCE),
      Map.entry("s", ApprovalAnswer.SESSION), Map.entry("session", ApprovalAnswer.SESSION),
      Map.entry("a", ApprovalAnswer.ALWAYS), Map.entry("always", ApprovalAnswer.ALWAYS),
      Map.entry("d", ApprovalAnswer.DENY), Map.entry("deny", ApprovalAnswer.DENY),
      Map.entry("n", ApprovalAnswer.DENY_ALWAYS), Map.entry("never", ApprovalAnswer.DENY_ALWAYS));

  /** A wrong word is asked again this many times before the request is denied. */
  static final int ATTEMPTS = 3;

  private final BufferedReader in;
  private final PrintWriter out;

  ConsoleApprover(BufferedReader in, PrintWriter out) {
    this.in = in;
    this.out = out;
  }

  /** An approver asking on the process's terminal, if it has one (standard input and output both a terminal). */
  static Optional<Approver> onTerminal() {
    Console terminal = System.console();
    return terminal == null ? Optional.empty()
        : Optional.of(new ConsoleApprover(new BufferedReader(terminal.reader()), terminal.writer()));
  }

  /** Reads {@link ApprovalAnswer} words; empty on timeout, end of input or an unreadable answer. */
  @Override
  public synchronized Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      // The resource is the guest's: escaped, so it cannot redraw the prompt or talk to the terminal.
      out.print(UntrustedText.escape(request.toString()) + ". Allow? [o]nce, [s]ession, [a]lways, [d]eny, [n]ever: ");
      out.flush();
      Optional<String> line = readLine(timeout);
      if (line.isEmpty()) {
        out.println();
        out.println("no answer: denied");
        out.flush();
        return Optional.empty();
      }
      ApprovalAnswer answer = WORDS.get(line.get().strip().toLowerCase(Locale.ROOT));
      if (answer != null) {
        return Optional.of(answer);
      }
      out.println("please answer o, s, a, d or n");
    }
    return Optional.empty();
  }

  private Optional<String> readLine(Duration timeout) {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return in.readLine();
      } catch (java.io.IOException e) {
        return null;
      }
    }, runnable -> Thread.ofVirtual().start(runnable));
    try {
      return Optional.ofNullable(line.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
