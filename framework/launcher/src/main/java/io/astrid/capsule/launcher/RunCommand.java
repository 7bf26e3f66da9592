package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.gateway.CommandHost;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.host.UplinkListener;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.watch.CapsuleChange;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capsule run [ROOT...]}: docks every capsule and serves until interrupted. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Loads every capsule found under the roots and serves them until interrupted.",
        "It prints a status table (the reason of a FAILED capsule on its own line below its row), then keeps"
            + " running: edits under the roots are hot-reloaded and each change is reported once. Ctrl-C unloads"
            + " every capsule cleanly."})
final class RunCommand extends ServingCommand implements Callable<Integer> {
  /** How long a capsule's event waits for the events before it to reach the console (issue 18). */
  private static final Duration CONSOLE_HOLD = Duration.ofSeconds(1);

  @Option(names = "--no-http", description = "do not serve the capsules as an MCP server over HTTP (docs/gateway.md)")
  private boolean noHttp;

  @Override
  public Integer call() throws InterruptedException {
    LogOptions.loadFailuresReportedByTheCommand(); // the progress line, the table and the reload lines say why
    PrintWriter out = out();
    Container container = container();
    List<CapsuleRoot> searched = searched();
    RunProgress progress = new RunProgress(out);
    // The runtime that serves holds the state directory; it does not queue behind another one.
    DockedCapsules.Docked docked = DockedCapsules.dock(container, searched, err(), Duration.ZERO, progress);
    progress.loaded();
    StatusTable.capsules(out, docked.registry());
    ChangeReport report = new ChangeReport(new OrderedConsole(out, CONSOLE_HOLD), docked.registry());
    container.register(CapsuleListener.class, report::stateChanged);
    container.register(UplinkListener.class, new ConsoleUplinks(out));
    HotReloader reloader = container.service(HotReloader.class);
    CapsuleWatcher watcher = container.service(CapsuleWatcher.class);
    LiveChanges changes = new LiveChanges(reloader, watcher, docked.registry(), report);
    watcher.watch(searched, changes::watched);
    // The reloader learns the shadowed capsules (already warned of), so one takes over when its winner goes.
    docked.duplicates().forEach(d -> reloader.apply(new CapsuleChange.Added(d.shadowed(), watcher.hash(d.shadowed()))));
    if (!noHttp) {
      // Before the endpoint serves: a one-shot command that finds gateway.json runs here (RemoteRuntime).
      container.register(CommandHost.class, new RuntimeCommands(container,
          new CapsuleCommand.Running(docked, searched, changes)));
      try {
        // A changed gateway.http.host or port moves the endpoint while run serves: the new address is printed too.
        out.println("mcp: serving at " + container.service(McpGateway.class).serveHttp(moved -> {
          out.println("mcp: serving at " + moved);
          out.flush();
        }));
      } catch (CapsuleException e) {
        // The capsules are docked and hot-reloaded all the same; only agents cannot reach them over HTTP.
        err().println("mcp: not serving over HTTP: " + e.getMessage());
      }
    }
    out.println("running; watching for changes; press Ctrl-C to stop");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
      report.close(); // the unloading below is the shutdown, not news
      undock(docked);
      container.close();
      stopped.countDown();
    }));
    stopped.await();
    return ExitCodes.OK;
  }
}
