package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.watch.CapsuleChange;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code capsule run [ROOT...]}: docks every capsule and serves until interrupted. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Loads every capsule found under the roots and serves them until interrupted.",
        "It prints a status table (the reason of a FAILED capsule on its own line below its row), then keeps"
            + " running: edits under the roots are hot-reloaded and each change is reported once. Ctrl-C unloads"
            + " every capsule cleanly."})
final class RunCommand implements Callable<Integer> {
  @ParentCommand
  private CapsuleCommand parent;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RootsOption rootsOption;

  @Parameters(arity = "0..*", paramLabel = "ROOT", description = "capsule roots, searched before the --root ones"
      + " (default: workspace, then user)")
  private List<Path> roots = List.of();

  @Option(names = "--no-http", description = "do not serve the capsules as an MCP server over HTTP (docs/gateway.md)")
  private boolean noHttp;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Container container = parent.container();
    List<CapsuleRoot> searched = rootsOption.rootsAfter(roots);
    RunProgress progress = new RunProgress(out);
    // The runtime that serves holds the state directory; it does not queue behind another one.
    DockedCapsules.Docked docked = DockedCapsules.dock(container, searched, spec.commandLine().getErr(),
        Duration.ZERO, progress);
    progress.loaded();
    StatusTable.capsules(out, docked.registry());
    ChangeReport report = new ChangeReport(out, docked.registry());
    container.register(CapsuleListener.class, report::stateChanged);
    HotReloader reloader = container.service(HotReloader.class);
    CapsuleWatcher watcher = container.service(CapsuleWatcher.class);
    watcher.watch(searched, change -> report.reloaded(() -> reloader.apply(change)));
    // The reloader learns the shadowed capsules (already warned of), so one takes over when its winner goes.
    docked.duplicates().forEach(d -> reloader.apply(new CapsuleChange.Added(d.shadowed(), watcher.hash(d.shadowed()))));
    if (!noHttp) {
      try {
        out.println("mcp: serving at " + container.service(McpGateway.class).serveHttp());
      } catch (CapsuleException e) {
        // The capsules are docked and hot-reloaded all the same; only agents cannot reach them over HTTP.
        spec.commandLine().getErr().println("mcp: not serving over HTTP: " + e.getMessage());
      }
    }
    out.println("running; watching for changes; press Ctrl-C to stop");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
      report.close(); // the unloading below is the shutdown, not news
      // Capsules first, while their engine bundles are still there to unload them cleanly.
      docked.registry().capsules().forEach(capsule -> docked.registry().uninstall(capsule.id()));
      container.close();
      stopped.countDown();
    }));
    stopped.await();
    return ExitCodes.OK;
  }
}
