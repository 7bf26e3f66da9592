package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * What the commands that dock capsules and serve them until they end ({@code run}, {@code mcp}) share:
 * roots as arguments and {@code -r}, and the unloading at the end.
 */
abstract class ServingCommand extends RootedCommand {
  @Parameters(arity = "0..*", paramLabel = "ROOT", description = "capsule roots, searched before the --root ones"
      + " (default: workspace, then user)")
  private List<Path> roots = List.of();

  /** The positional roots, then the {@code -r} ones; the standard roots when there are none. */
  final List<CapsuleRoot> searched() {
    return roots().rootsAfter(roots);
  }

  /** Unloads every capsule: first, while their engine bundles are still there to unload them cleanly. */
  static void undock(DockedCapsules.Docked docked) {
    docked.registry().capsules().forEach(capsule -> docked.registry().uninstall(capsule.id()));
  }
}
