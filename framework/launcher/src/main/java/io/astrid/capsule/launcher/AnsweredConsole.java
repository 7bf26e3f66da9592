package io.astrid.capsule.launcher;

import io.astrid.capsule.api.gateway.CommandHost;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The {@link InstallConsole} of a command that the running runtime runs for another process
 * ({@link RuntimeCommands}): a question is answered from the answers that process's user gave so far;
 * the first question beyond them stops the command with {@link Unanswered}, which the other process
 * asks at its terminal before it sends the command again with one answer more. What is told goes to
 * the command's output, which that process prints.
 */
final class AnsweredConsole implements InstallConsole {
  /** The command stopped at a question its user has not answered yet. */
  static final class Unanswered extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CommandHost.Question question;

    Unanswered(CommandHost.Question question) {
      // Not a failure to report: no stack trace, and the message is the question.
      super(question.prompt(), null, false, false);
      this.question = question;
    }

    CommandHost.Question question() {
      return question;
    }
  }

  private final Iterator<String> answers;
  private final boolean ended;
  private final PrintWriter out;

  /**
   * @param answers the answers given so far, in the order the questions were asked
   * @param ended whether the user's input ended after them: a further question has no answer
   */
  AnsweredConsole(List<String> answers, boolean ended, PrintWriter out) {
    this.answers = answers.iterator();
    this.ended = ended;
    this.out = out;
  }

  @Override
  public Optional<String> ask(String prompt) {
    return answer(prompt, false);
  }

  @Override
  public Optional<String> askSecret(String prompt) {
    return answer(prompt, true);
  }

  private Optional<String> answer(String prompt, boolean secret) {
    if (answers.hasNext()) {
      return Optional.of(answers.next());
    }
    if (ended) {
      return Optional.empty();
    }
    throw new Unanswered(new CommandHost.Question(prompt, secret));
  }

  @Override
  public void tell(String line) {
    out.println(line);
    out.flush();
  }
}
