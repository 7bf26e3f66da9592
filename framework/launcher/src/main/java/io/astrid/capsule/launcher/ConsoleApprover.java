package io.astrid.capsule.launcher;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The human at the terminal of a command that docks capsules ({@code run}, {@code call},
 * {@code invoke}, {@code inspect}, {@code tools}): one question at a time, answered with a word or
 * its first letter. Registered only when the process has a terminal; without one the runtime is
 * headless and "ask" denies.
 *
 * <p>One reader thread takes the terminal's lines into a short queue. A line typed while no
 * question is pending — such as a late answer to a question that timed out — is dropped when the
 * next question is asked, so it can never answer that question in its place. The reader is a
 * daemon blocked on the terminal for the life of the process, as any console reader is.
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

  /** The most lines kept unread; older ones are dropped (none of them can be an answer anyway). */
  private static final int QUEUED_LINES = 16;

  private final BufferedReader in;
  private final PrintWriter out;
  /** The lines typed and not yet read; an empty one stands for the end of input. */
  private final BlockingDeque<Optional<String>> lines = new LinkedBlockingDeque<>(QUEUED_LINES);
  private volatile boolean ended;
  private Thread reader; // guarded by this

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
    lines.clear(); // typed before this question was shown: not an answer to it
    if (ended) {
      queue(Optional.empty());
    }
    if (reader == null) {
      reader = Thread.ofPlatform().daemon().name("console-approver").start(this::pump);
    }
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

  /** The next line typed within {@code timeout}; empty on timeout or at the end of input. */
  private Optional<String> readLine(Duration timeout) {
    try {
      Optional<String> line = lines.pollFirst(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return line != null ? line : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The reader thread: every line into the queue, then the end of input. */
  private void pump() {
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        queue(Optional.of(line));
      }
    } catch (IOException e) {
      // An unreadable terminal is the end of its input.
    }
    ended = true;
    queue(Optional.empty());
  }

  /** How many lines wait unread (for tests: a line typed has reached the queue). */
  int unreadLines() {
    return lines.size();
  }

  /** Adds {@code line}, dropping the oldest unread one when the queue is full. */
  private void queue(Optional<String> line) {
    while (!lines.offerLast(line)) {
      lines.pollFirst();
    }
  }
}
