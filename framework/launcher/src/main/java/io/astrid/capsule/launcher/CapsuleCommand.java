package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top of the command tree: only subcommands do work. */
@Command(
    name = "capsule",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Docks and runs Astrid capsules (extensions described by Capsule.toml).",
    subcommands = {HelpCommand.class, ValidateCommand.class, ListCommand.class, RunCommand.class,
        McpCommand.class, InspectCommand.class, ToolsCommand.class, CallCommand.class, InvokeCommand.class,
        InstallCommand.class, UpdateCommand.class, RemoveCommand.class, EnvCommand.class,
        LogsCommand.class, ConfigCommand.class, LlmCommand.class, CommandCommand.class, UplinkCommand.class,
        ShellCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    footer = {"%nRun 'capsule help COMMAND' for the options of a command; docs/cli.md describes the grammar"
        + " and the --json shapes."})
final class CapsuleCommand implements Callable<Integer> {
  private final Container container;
  private final Supplier<CommandIo> io;
  private final Running running;

  @Spec
  private CommandSpec spec;

  @Mixin
  private final LogOptions logOptions;

  /**
   * The running runtime a command runs in for another process ({@link RuntimeCommands}).
   *
   * @param docked its docked capsules
   * @param roots the roots it serves
   * @param changes where a command that changes a capsule directory applies the change at once
   */
  record Running(DockedCapsules.Docked docked, List<CapsuleRoot> roots, LiveChanges changes) {}

  CapsuleCommand(Container container) {
    this(container, always(CommandIo.system()), null);
  }

  private static Supplier<CommandIo> always(CommandIo io) {
    return () -> io;
  }

  /**
   * The command tree of a runtime that runs commands for other processes ({@link RuntimeCommands}):
   * {@code io} gives the input and terminal of the process whose command the tree runs now (the tree is
   * built once and runs one call after another).
   */
  CapsuleCommand(Container container, Supplier<CommandIo> io, Running running) {
    this.container = container;
    this.io = io;
    this.running = running;
    this.logOptions = new LogOptions(running == null);
  }

  Container container() {
    return container;
  }

  CommandIo io() {
    return io.get();
  }

  /** The running runtime this command runs in; null in a process of its own. */
  Running running() {
    return running;
  }

  /** Without a subcommand: say so, show the usage, and exit as for any usage error. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("capsule: a subcommand is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
