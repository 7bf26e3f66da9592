package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code capsule mcp [ROOT...]}: docks every capsule and serves them as an MCP server on stdin/stdout. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {
        "Docks every capsule found under the roots and serves them to one MCP client over stdio: newline-delimited",
        "JSON-RPC on standard input and output, the way agents start their MCP servers. Everything else (problems",
        "with capsules, reloads, the log) goes to standard error. Ends when standard input ends (docs/gateway.md)."})
final class McpCommand implements Callable<Integer> {
  @ParentCommand
  private CapsuleCommand parent;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RootsOption rootsOption;

  @Parameters(arity = "0..*", paramLabel = "ROOT", description = "capsule roots, searched before the --root ones"
      + " (default: workspace, then user)")
  private List<Path> roots = List.of();

  @Override
  public Integer call() throws IOException {
    // Standard output carries protocol messages only: whatever else would print there (a library,
    // the framework) goes to standard error instead.
    FileOutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    PrintWriter err = spec.commandLine().getErr();
    Container container = parent.container();
    List<CapsuleRoot> searched = rootsOption.rootsAfter(roots);
    // No console approver: standard input is the client's. A call that needs a human is answered by the
    // other approvers there are, else denied as on any headless runtime (docs/security.md).
    DockedCapsules.Docked docked = DockedCapsules.dock(container, searched, err, Duration.ZERO, null, false);
    HotReloader reloader = container.service(HotReloader.class);
    CapsuleWatcher.Watch watch = container.service(CapsuleWatcher.class).watch(searched,
        change -> {
          err.println("reload: " + reloader.apply(change));
          err.flush();
        });
    try {
      container.service(McpGateway.class).serveStdio(new FileInputStream(FileDescriptor.in), protocol);
    } finally {
      watch.close();
      // Capsules first, while their engine bundles are still there to unload them cleanly.
      docked.registry().capsules().forEach(capsule -> docked.registry().uninstall(capsule.id()));
    }
    return ExitCodes.OK;
  }
}
