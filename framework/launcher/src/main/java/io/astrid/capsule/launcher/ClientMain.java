package io.astrid.capsule.launcher;

import io.astrid.capsule.api.host.StateDirectory;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The main class of bin/capsule's lean client JVM, started for the commands that run in the running
 * runtime ({@link RemoteRuntime#COMMANDS}) when {@code gateway.json} exists: it sends the command line to the
 * running runtime ({@link RemoteRuntime}), which parses and runs it with the one command tree, and
 * prints what it printed; or it exits {@link ExitCodes#NO_RUNNING_RUNTIME} and the script starts the
 * whole runtime with the same arguments ({@link Main}).
 *
 * <p>It builds no picocli command tree: building it was 40% of this path's 1.2 s (issue 14,
 * docs/runtime.md). It needs only the roots ({@link RootsOption#named}), to send them as absolute
 * paths, and whether an argument is {@code -} (standard input). Help and {@code --standalone} are
 * left to the whole runtime. A command that asks its user (install) asks at this terminal
 * ({@link RemoteRuntime#converse}).
 */
public final class ClientMain {
  /** picocli's standard help options (mixinStandardHelpOptions), and {@code --standalone}. */
  private static final Set<String> RUN_HERE = Set.of("-h", "--help", "-V", "--version", StandaloneOption.NAME);

  private ClientMain() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), StateDirectory.resolve(null, System.getProperty(StateDirectory.PROPERTY)),
        System.in, CommandIo.system().terminal(), System.err));
  }

  /**
   * The exit status of the command {@code arguments} in the runtime serving {@code stateDirectory}, or
   * {@link ExitCodes#NO_RUNNING_RUNTIME}; {@code in} is read only when an argument is {@code -}.
   */
  static int run(List<String> arguments, Path stateDirectory, InputStream in, boolean terminal, PrintStream err) {
    if (arguments.stream().anyMatch(RUN_HERE::contains)) {
      return ExitCodes.NO_RUNNING_RUNTIME;
    }
    try {
      return RemoteRuntime.runThere(stateDirectory, arguments, () -> RootsOption.searched(RootsOption.named(arguments)),
          () -> CapsuleSubcommand.standardInput(in).orElseThrow(() -> new CommandFailure(ExitCodes.USAGE,
              CapsuleSubcommand.STDIN_TOO_LARGE)), terminal).orElse(ExitCodes.NO_RUNNING_RUNTIME);
    } catch (CommandFailure e) {
      err.println("capsule: " + e.getMessage());
      return e.exitCode();
    } catch (UncheckedIOException e) {
      err.println("capsule: " + e.getMessage());
      return ExitCodes.PROBLEMS;
    }
  }
}
