package io.astrid.capsule.launcher;

import io.astrid.capsule.api.gateway.CommandHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@link CommandHost} of {@code capsule run}: a one-shot command of another process runs here
 * through the same command classes as on its own, over this runtime's docked capsules, so that its
 * output and exit status are the same (docs/cli.md). An approval it needs is asked where this
 * runtime's approvers are; the other process waits. A question the command asks its user (consent,
 * an {@code [env]} value) goes back to the other process ({@link AnsweredConsole}).
 */
final class RuntimeCommands implements CommandHost {
  private final Container container;
  private final CapsuleCommand.Running running;
  private final List<String> roots;
  /**
   * Command trees not running a command now. Building one costs about 55 ms of CPU (picocli reads every
   * command class), more than the rest of a command, so each is built once; but a {@link CommandLine} keeps
   * the state of the parse it runs and is not reentrant, so a call takes one of its own, and concurrent
   * calls build as many as run at once.
   */
  private final Deque<Tree> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger built = new AtomicInteger();

  RuntimeCommands(Container container, CapsuleCommand.Running running) {
    this.container = container;
    this.running = running;
    this.roots = RemoteRuntime.paths(running.roots());
  }

  @Override
  public Result run(Request request) {
    Tree tree = idle.pollFirst();
    if (tree == null) {
      tree = new Tree();
      built.incrementAndGet();
    }
    Result result = tree.run(request);
    idle.offerFirst(tree); // not after an exception: a tree is reused only after a run that ended
    return result;
  }

  /** How many command trees were built: one per command running at once, not one per command. */
  int treesBuilt() {
    return built.get();
  }

  /** One command tree and the call it runs now; used by one thread at a time. */
  private final class Tree {
    private final CommandLine commandLine;
    private CommandIo io;
    private List<String> requested;
    private Question question;

    Tree() {
      commandLine = Main.commandLine(new CapsuleCommand(container, () -> io, running), null);
      // A relative path the client was given is relative to the client's working directory, not this one's.
      commandLine.registerConverter(Path.class, path -> io.workingDirectory().resolve(path));
      commandLine.setExecutionStrategy(parsed -> runHere(parsed, requested));
      CommandLine.IExecutionExceptionHandler failed = commandLine.getExecutionExceptionHandler();
      commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
        if (e instanceof AnsweredConsole.Unanswered unanswered) {
          question = unanswered.question();
          return ExitCodes.OK; // not the command's status: the client asks and sends it again
        }
        return failed.handleExecutionException(e, cmd, parsed);
      });
    }

    Result run(Request request) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
      PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
      io = new CommandIo(new ByteArrayInputStream(request.input()), out, request.terminal(),
          Path.of(request.workingDirectory()), writer -> new AnsweredConsole(request.answers(),
              request.answersEnded(), writer));
      requested = request.roots();
      question = null;
      commandLine.setOut(outWriter);
      commandLine.setErr(errWriter);
      try {
        int exitCode = commandLine.execute(request.arguments().toArray(String[]::new));
        outWriter.flush();
        errWriter.flush();
        return new Result(exitCode, out.toByteArray(), err.toByteArray(), Optional.ofNullable(question));
      } finally {
        io = null; // the call's input and output are not kept until the next call
        requested = null;
      }
    }
  }

  /**
   * Only the commands made to run here, on this runtime's roots: no other process serves through this one
   * or lists its roots. Checked once the command line has parsed, so that a usage error says so (exit 2)
   * whatever the roots, as it does in a runtime of the command's own.
   */
  private int runHere(ParseResult parsed, List<String> requested) {
    if (RemoteRuntime.runnableThere(parsed).isEmpty()) {
      parsed.commandSpec().commandLine().getErr().println("capsule: the running runtime runs only "
          + RemoteRuntime.COMMANDS + " for other processes");
      return ExitCodes.USAGE;
    }
    if (!requested.equals(roots)) {
      parsed.commandSpec().commandLine().getErr().println("capsule: the running runtime (pid "
          + ProcessHandle.current().pid() + ") serves the roots " + roots + ", not " + requested
          + ": name the same roots, or stop it and run this with --standalone");
      return ExitCodes.BUSY;
    }
    return new CommandLine.RunLast().execute(parsed);
  }
}
