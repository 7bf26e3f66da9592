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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code capsule mcp [ROOT...]}: docks every capsule and serves them as an MCP server on stdin/stdout. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {
        "Docks every capsule found under the roots and serves them to one MCP client over stdio: newline-delimited"
            + " JSON-RPC on standard input and output, the way agents start their MCP servers.",
        "Everything else (problems with capsules, reloads, the log) goes to standard error. Ends when standard input"
            + " ends (docs/gateway.md)."})
final class McpCommand extends ServingCommand implements Callable<Integer> {

  @Override
  public Integer call() throws IOException {
    // Standard output carries protocol messages only: whatever else would print there (a library,
    // the framework) goes to standard error instead.
    FileOutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    PrintWriter err = err();
    Container container = container();
    List<CapsuleRoot> searched = searched();
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
      undock(docked);
    }
    return ExitCodes.OK;
  }
}
