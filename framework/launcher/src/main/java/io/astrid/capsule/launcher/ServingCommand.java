package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What the commands that dock capsules and serve them until they end ({@code run}, {@code mcp}) share:
 * roots as arguments and {@code -r}, the container, and the unloading at the end.
 */
abstract class ServingCommand {
  @ParentCommand
  private CapsuleCommand parent;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RootsOption rootsOption;

  @Parameters(arity = "0..*", paramLabel = "ROOT", description = "capsule roots, searched before the --root ones"
      + " (default: workspace, then user)")
  private List<Path> roots = List.of();

  final Container container() {
    return parent.container();
  }

  /** The positional roots, then the {@code -r} ones; the standard roots when there are none. */
  final List<CapsuleRoot> searched() {
    return rootsOption.rootsAfter(roots);
  }

  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Unloads every capsule: first, while their engine bundles are still there to unload them cleanly. */
  static void undock(DockedCapsules.Docked docked) {
    docked.registry().capsules().forEach(capsule -> docked.registry().uninstall(capsule.id()));
  }
}
