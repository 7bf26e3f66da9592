package io.astrid.capsule.launcher;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.ElicitationAnswer;
import io.astrid.capsule.api.security.ElicitationField;
import io.astrid.capsule.api.security.ElicitationRequest;
import io.astrid.capsule.internal.text.FieldValues;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The human at the terminal of a command that docks capsules ({@code run}, {@code call},
 * {@code invoke}, {@code inspect}, {@code tools}): one question at a time, answered with a word or
 * its first letter; and MCP servers' forms, field by field. Registered only when the process has a
 * terminal; without one the runtime is headless and "ask" denies.
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

  private static final Map<String, ElicitationAnswer.Action> FORM_WORDS = Map.of(
      "a", ElicitationAnswer.Action.ACCEPT, "answer", ElicitationAnswer.Action.ACCEPT,
      "d", ElicitationAnswer.Action.DECLINE, "decline", ElicitationAnswer.Action.DECLINE,
      "c", ElicitationAnswer.Action.CANCEL, "cancel", ElicitationAnswer.Action.CANCEL);

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
    begin();
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

  /**
   * Shows an MCP server's form (issue 18): its message, then whether to answer, decline or cancel, then
   * each field in turn, read as its type; empty (cancel) on timeout, end of input, or a field not read
   * after {@link #ATTEMPTS} tries. {@code timeout} bounds the whole form.
   */
  @Override
  public synchronized Optional<ElicitationAnswer> fill(ElicitationRequest request, Duration timeout) {
    begin();
    long deadline = System.nanoTime() + timeout.toNanos();
    // The message and the fields are the server's: escaped, so they cannot redraw the prompt.
    out.println(UntrustedText.escapeKeepingLines(request.toString()));
    Optional<String> choice = readWord("Answer? [a]nswer, [d]ecline, [c]ancel: ", FORM_WORDS.keySet(), deadline);
    if (choice.isEmpty() || !FORM_WORDS.get(choice.get()).equals(ElicitationAnswer.Action.ACCEPT)) {
      return choice.map(word -> FORM_WORDS.get(word) == ElicitationAnswer.Action.DECLINE ? ElicitationAnswer.DECLINE
          : ElicitationAnswer.CANCEL);
    }
    Map<String, Object> content = new LinkedHashMap<>();
    for (ElicitationField field : request.fields()) {
      Optional<Optional<Object>> value = readField(field, deadline);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      value.get().ifPresent(v -> content.put(field.name(), v));
    }
    return Optional.of(ElicitationAnswer.accept(content));
  }

  /** One of {@code words} typed after {@code prompt}, asked up to {@link #ATTEMPTS} times; empty when none came. */
  private Optional<String> readWord(String prompt, Set<String> words, long deadline) {
    return read(prompt, line -> Optional.of(line.toLowerCase(Locale.ROOT)).filter(words::contains),
        "please answer " + String.join(", ", new TreeSet<>(words)), deadline);
  }

  /**
   * The value of {@code field} as typed: empty when none came; an empty value for an optional field
   * left empty.
   */
  private Optional<Optional<Object>> readField(ElicitationField field, long deadline) {
    String prompt = UntrustedText.escape(field.name() + " (" + FieldValues.describe(field) + ")"
        + field.description().map(d -> " - " + d).orElse("")) + ": ";
    // An empty line leaves an optional field out, and is no value of a required one.
    return read(prompt, text -> !text.isEmpty() ? FieldValues.read(field, text).map(Optional::of)
        : field.required() ? Optional.empty() : Optional.of(Optional.empty()),
        "please give " + UntrustedText.escape(FieldValues.describe(field)), deadline);
  }

  /**
   * A line typed after {@code prompt}, stripped, that {@code reading} reads, asked up to {@link #ATTEMPTS}
   * times (saying {@code retry} after each that does not read); empty when none came by the deadline.
   */
  private <T> Optional<T> read(String prompt, Function<String, Optional<T>> reading, String retry, long deadline) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      out.print(prompt);
      out.flush();
      Optional<String> line = readLine(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (line.isEmpty()) {
        return noAnswer();
      }
      Optional<T> read = reading.apply(line.get().strip());
      if (read.isPresent()) {
        return read;
      }
      out.println(retry);
    }
    return noAnswer();
  }

  private <T> Optional<T> noAnswer() {
    out.println();
    out.println("no answer: cancelled");
    out.flush();
    return Optional.empty();
  }

  /**
   * Before a question: lines typed before it was shown are not an answer to it; the reader starts with
   * the first question.
   */
  private void begin() {
    lines.clear();
    if (ended) {
      queue(Optional.empty());
    }
    if (reader == null) {
      reader = Thread.ofPlatform().daemon().name("console-approver").start(this::pump);
    }
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
