package io.astrid.capsule.api.gateway;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs the command line's one-shot commands ({@code call}, {@code tools}, {@code inspect},
 * {@code invoke}, {@code llm}, {@code command}, and the docking commands {@code install},
 * {@code update}, {@code remove}, {@code env}) inside a running runtime, for a {@code capsule}
 * process that found it through {@code gateway.json} in the state directory. Registered by the
 * launcher while {@code capsule run} serves; the gateway offers it at {@value #PATH} on its HTTP
 * server, behind the same guard as the MCP endpoint and always behind the bearer token.
 * Thread-safe: commands from several clients run at once, each on the calling thread, and a call
 * that waits for an approval blocks it.
 *
 * <p>A command that asks its user (consent, an {@code [env]} value) is run again for each answer:
 * the client's user is asked at the client's terminal ({@link Result#question}), and the client
 * sends the command again with every answer so far ({@link Request#answers}). A command asks
 * before it changes anything, so a run that stops at a question leaves nothing behind.
 */
@ConsumerType
public interface CommandHost {
  /** The path of the command endpoint on the gateway's HTTP server. */
  String PATH = "/admin/command";

  /**
   * Runs one command.
   *
   * @param request the command line and what the client's process would have given it
   * @return what it printed and its exit status; never null
   */
  Result run(Request request);

  /**
   * One command as a client's {@code capsule} process was given it.
   *
   * @param arguments the command line after {@code capsule}, such as {@code [call, capsule:a:b, {}]}
   * @param roots the capsule roots the client would search, absolute and normalized; the running
   *     runtime refuses a command whose roots are not its own
   * @param input the client's standard input when an argument is {@code -}, else empty
   * @param terminal whether the client's standard output is a terminal
   * @param workingDirectory the client's working directory, absolute: relative paths of the command
   *     line (a source, {@code --env-file}, the workspace root) are resolved against it
   * @param answers the answers the client's user gave to the command's questions so far, in order;
   *     they may hold secrets, so they are never logged
   * @param answersEnded whether the client's input ended after {@code answers}: a further question
   *     then has no answer, as when a command's own standard input ends
   */
  record Request(List<String> arguments, List<String> roots, byte[] input, boolean terminal,
      String workingDirectory, List<String> answers, boolean answersEnded) {
    public Request {
      arguments = List.copyOf(arguments);
      roots = List.copyOf(roots);
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(workingDirectory, "workingDirectory");
      answers = List.copyOf(answers);
    }
  }

  /**
   * What a command asks its user.
   *
   * @param prompt the question as the terminal shows it
   * @param secret whether the answer is read without echo
   */
  record Question(String prompt, boolean secret) {
    public Question {
      Objects.requireNonNull(prompt, "prompt");
    }
  }

  /**
   * What a command printed, as bytes, and its exit status.
   *
   * @param exitCode the exit status the client process exits with
   * @param out what goes to the client's standard output
   * @param err what goes to the client's standard error
   * @param question present when the command stopped to ask its user: {@code out} is then what it
   *     printed before the question, and the command is to be sent again with the answer
   */
  record Result(int exitCode, byte[] out, byte[] err, Optional<Question> question) {
    public Result {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(err, "err");
      Objects.requireNonNull(question, "question");
    }

    /** A command that ran to its end. */
    public Result(int exitCode, byte[] out, byte[] err) {
      this(exitCode, out, err, Optional.empty());
    }
  }
}
