package io.astrid.capsule.api.gateway;

import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs the command line's one-shot commands ({@code call}, {@code tools}, {@code inspect},
 * {@code invoke}) inside a running runtime, for a {@code capsule} process that found it through
 * {@code gateway.json} in the state directory. Registered by the launcher while {@code capsule run}
 * serves; the gateway offers it at {@value #PATH} on its HTTP server, behind the same guard as the
 * MCP endpoint and always behind the bearer token. Thread-safe: commands from several clients run
 * at once, each on the calling thread, and a call that waits for an approval blocks it.
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
   */
  record Request(List<String> arguments, List<String> roots, byte[] input, boolean terminal) {
    public Request {
      arguments = List.copyOf(arguments);
      roots = List.copyOf(roots);
      Objects.requireNonNull(input, "input");
    }
  }

  /**
   * What a command printed, as bytes, and its exit status.
   *
   * @param exitCode the exit status the client process exits with
   * @param out what goes to the client's standard output
   * @param err what goes to the client's standard error
   */
  record Result(int exitCode, byte[] out, byte[] err) {
    public Result {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(err, "err");
    }
  }
}
