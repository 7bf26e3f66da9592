package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand of {@code capsule} has: its parent (the container, and the running runtime
 * when it runs in one), its picocli spec, and its input, output and terminal ({@link CommandIo}).
 */
abstract class CapsuleSubcommand {
  /** The most read from standard input (16 MiB). */
  static final int MAX_STDIN_BYTES = 16 * 1024 * 1024;
  static final String STDIN_TOO_LARGE = "standard input is over " + MAX_STDIN_BYTES + " bytes: pass a smaller input";

  @ParentCommand
  private CapsuleCommand parent;

  @Spec
  private CommandSpec spec;

  final Container container() {
    return parent.container();
  }

  /** The running runtime this command runs in for another process ({@link RuntimeCommands}); null on its own. */
  final CapsuleCommand.Running running() {
    return parent.running();
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

  /** The roots the command searches; a command that runs in the running runtime must name that runtime's. */
  List<CapsuleRoot> searchedRoots() {
    return RootsOption.searched(List.of());
  }

  /** Where questions go and answers come from: this terminal, or the terminal of the process it runs for. */
  final InstallConsole console() {
    return parent.io().console(out());
  }

  /** {@code path} as the user meant it: against the working directory of the process that was given it. */
  final Path resolve(Path path) {
    return parent.io().workingDirectory().resolve(path);
  }

  /**
   * Standard input, for an argument given as {@code -}: at most {@link #MAX_STDIN_BYTES}, so that bad
   * input never fills an unbounded buffer.
   */
  final byte[] standardInput() {
    return standardInput(parent.io().in()).orElseThrow(() -> new ParameterException(spec.commandLine(),
        STDIN_TOO_LARGE));
  }

  /** {@code in} to its end; empty when it is over {@link #MAX_STDIN_BYTES} ({@link #STDIN_TOO_LARGE}). */
  static Optional<byte[]> standardInput(InputStream in) {
    try {
      byte[] read = in.readNBytes(MAX_STDIN_BYTES + 1);
      return read.length > MAX_STDIN_BYTES ? Optional.empty() : Optional.of(read);
    } catch (IOException e) {
      throw new UncheckedIOException("reading standard input failed: " + e.getMessage(), e);
    }
  }

  /** Whether standard output is a terminal rather than a file or a pipe. */
  final boolean outputIsTerminal() {
    return parent.io().terminal();
  }

  /** Standard output for bytes written as they are, not as text. */
  final OutputStream rawOut() {
    return parent.io().out();
  }
}
