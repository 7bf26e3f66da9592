package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import org.osgi.service.condition.Condition;
import picocli.CommandLine.Command;

/**
 * {@code capsule shell [ROOT...]}: docks every capsule as {@code run} does, prints the status table, then gives the
 * terminal to the Apache Felix Gogo shell with the {@code capsule:*} commands (the shell bundle's, as in Karaf).
 * The shell's bundles ({@code shell/bundles}: Gogo, JLine, the commands) are started only here, once the
 * capsules are docked, because Gogo's shell takes the terminal as soon as it starts; its settings
 * ({@code shell/conf}: the approval queue that {@code capsule:approvals} answers) are a layer of their own. Gogo
 * stops the framework when its shell ends (Ctrl-D, {@code exit}); this command returns once the framework stopped.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
        "Docks every capsule found under the roots and opens the Gogo shell on them: capsule:list, inspect, tools,"
            + " call, invoke, reload, approvals, audit, dock, serve, with Tab completion of capsule ids and tool"
            + " names.",
        "Approval requests wait for capsule:approvals. Ctrl-D or 'exit' unloads every capsule and stops the"
            + " runtime (docs/cli.md)."})
final class ShellCommand extends ServingCommand implements Callable<Integer> {
  /** The condition under which the shell bundle registers its Gogo functions (its GogoCommands.CONDITION). */
  static final String GOGO_CONDITION = "io.astrid.capsule.shell.gogo";

  @Override
  public Integer call() throws InterruptedException {
    Path shell = Path.of(System.getProperty("capsule.home", ".")).resolve("shell");
    Path bundles = shell.resolve("bundles");
    if (!Files.isDirectory(bundles)) {
      throw new CommandFailure(ExitCodes.CONTAINER_FAILED, "shell bundles [" + bundles + "] absent: this"
          + " distribution was built without the Gogo shell");
    }
    PrintWriter out = out();
    Container container = container();
    container.addSettings(new Settings.Layer("shell", shell.resolve("conf")));
    List<CapsuleRoot> searched = searched();
    // No console approver: the terminal is the shell's. Requests wait in the queue for capsule:approvals.
    DockedCapsules.Docked docked = DockedCapsules.dock(container, searched, err(), Duration.ZERO, null, false);
    StatusTable.capsules(out, docked.registry());
    out.flush();
    HotReloader reloader = container.service(HotReloader.class);
    container.service(CapsuleWatcher.class).watch(searched, reloader::apply);
    Hashtable<String, Object> condition = new Hashtable<>();
    condition.put(Condition.CONDITION_ID, GOGO_CONDITION);
    container.register(Condition.class, Condition.INSTANCE, condition);
    // Gogo's shell builds its terminal while its bundles start, on this thread, and JLine looks its terminal
    // providers up through the context class loader, else its own: the launcher's would find none (a dumb
    // terminal, without completion).
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(null);
    try {
      container.startBundles(bundles);
    } finally {
      thread.setContextClassLoader(context);
    }
    container.awaitStop();
    return ExitCodes.OK;
  }
}
