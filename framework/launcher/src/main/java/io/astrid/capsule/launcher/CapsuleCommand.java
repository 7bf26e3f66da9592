package io.astrid.capsule.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top of the command tree: only subcommands do work. */
@Command(
    name = "capsule",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Docks and runs Astrid capsules (extensions described by Capsule.toml).",
    subcommands = {ValidateCommand.class, ListCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:success",
        "1:problems were found (invalid manifests, unreadable paths)",
        "2:usage error",
        "3:the OSGi container could not start"})
final class CapsuleCommand implements Runnable {
  private final Container container;

  @Spec
  private CommandSpec spec;

  CapsuleCommand(Container container) {
    this.container = container;
  }

  Container container() {
    return container;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: validate or list");
  }
}
