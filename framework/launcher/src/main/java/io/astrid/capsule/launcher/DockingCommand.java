package io.astrid.capsule.launcher;

import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What the commands that dock capsules share: the container, the output, and {@code --root}. */
abstract class DockingCommand {
  @ParentCommand
  private CapsuleCommand parent;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RootsOption roots;

  /** Discovers and installs the capsules of the roots, waiting until each has settled. */
  final DockedCapsules.Docked dock() {
    return DockedCapsules.dock(parent.container(), roots.roots(), err());
  }

  final Container container() {
    return parent.container();
  }

  final RootsOption roots() {
    return roots;
  }

  final CommandSpec spec() {
    return spec;
  }

  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  final PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
