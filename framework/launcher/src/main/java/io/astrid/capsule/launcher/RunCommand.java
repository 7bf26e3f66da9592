package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
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
        "Loads every capsule found under the roots, prints a status table, then keeps running: edits under the",
        "roots are hot-reloaded and every state change is reported, until interrupted (Ctrl-C), when every",
        "capsule is unloaded cleanly."})
final class RunCommand implements Callable<Integer> {
  @ParentCommand
  private CapsuleCommand parent;

  @Spec
  private CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "ROOT", description = "capsule roots (default: workspace, then user)")
  private List<Path> roots = List.of();

  @Option(names = "--no-http", description = "do not serve the capsules as an MCP server over HTTP (docs/gateway.md)")
  private boolean noHttp;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Container container = parent.container();
    DockedCapsules.Docked docked = DockedCapsules.dock(container, RootsOption.searched(roots),
        spec.commandLine().getErr());
    StatusTable.capsules(out, docked.registry());
    HotReloader reloader = container.service(HotReloader.class);
    container.service(CapsuleWatcher.class).watch(RootsOption.searched(roots), change -> {
      out.println("reload: " + reloader.apply(change));
      out.flush();
    });
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
    container.register(CapsuleListener.class, (CapsuleEvent e) -> {
      out.println("capsule " + e.capsuleId() + ": " + e.previous() + " -> " + e.current());
      out.flush();
    });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
      // Capsules first, while their engine bundles are still there to unload them cleanly.
      docked.registry().capsules().forEach(capsule -> docked.registry().uninstall(capsule.id()));
      container.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
