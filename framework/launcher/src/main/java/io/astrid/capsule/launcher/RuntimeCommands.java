package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.gateway.CommandHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@link CommandHost} of {@code capsule run}: a one-shot command of another process runs here
 * through the same command classes as on its own, over this runtime's docked capsules, so that its
 * output and exit status are the same (docs/cli.md). An approval it needs is asked where this
 * runtime's approvers are; the other process waits.
 */
final class RuntimeCommands implements CommandHost {
  private final Container container;
  private final DockedCapsules.Docked docked;
  private final List<String> roots;

  RuntimeCommands(Container container, DockedCapsules.Docked docked, List<CapsuleRoot> roots) {
    this.container = container;
    this.docked = docked;
    this.roots = RemoteRuntime.paths(roots);
  }

  @Override
  public Result run(Request request) {
    if (!request.roots().equals(roots)) {
      return new Result(ExitCodes.BUSY, new byte[0], ("capsule: the running runtime (pid "
          + ProcessHandle.current().pid() + ") serves the roots " + roots + ", not " + request.roots()
          + ": name the same roots, or stop it and run this with --standalone" + System.lineSeparator())
          .getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandIo io = new CommandIo(new ByteArrayInputStream(request.input()), out, request.terminal());
    CommandLine commandLine = Main.commandLine(new CapsuleCommand(container, io, docked), null);
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    commandLine.setOut(outWriter);
    commandLine.setErr(errWriter);
    commandLine.setExecutionStrategy(RuntimeCommands::runHere);
    int exitCode = commandLine.execute(request.arguments().toArray(String[]::new));
    outWriter.flush();
    errWriter.flush();
    return new Result(exitCode, out.toByteArray(), err.toByteArray());
  }

  /** Only the commands made to run here: no other process installs, removes or serves through this one. */
  private static int runHere(ParseResult parsed) {
    if (RemoteRuntime.runnableThere(parsed).isEmpty()) {
      parsed.commandSpec().commandLine().getErr().println("capsule: the running runtime runs only call, tools,"
          + " inspect and invoke for other processes");
      return ExitCodes.USAGE;
    }
    return new CommandLine.RunLast().execute(parsed);
  }
}
