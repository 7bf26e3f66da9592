package io.astrid.capsule.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top of the command tree: only subcommands do work. */
@Command(
    name = "capsule",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Docks and runs Astrid capsules (extensions described by Capsule.toml).",
    subcommands = {ValidateCommand.class, ListCommand.class, RunCommand.class, InspectCommand.class,
        ToolsCommand.class, CallCommand.class, InvokeCommand.class, McpCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:success",
        "1:problems were found (invalid manifests, unreadable paths)",
        "2:usage error",
        "3:the OSGi container could not start"},
    footer = "%nRun 'capsule COMMAND --help' for the options of a command.")
final class CapsuleCommand implements Callable<Integer> {
  private final Container container;

  @Spec
  private CommandSpec spec;

  CapsuleCommand(Container container) {
    this.container = container;
  }

  Container container() {
    return container;
  }

  /** Without a subcommand: say so, show the usage, and exit as for any usage error. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("capsule: a subcommand is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return spec.exitCodeOnInvalidInput();
  }
}
