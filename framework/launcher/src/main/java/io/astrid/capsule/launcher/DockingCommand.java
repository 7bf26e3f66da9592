package io.astrid.capsule.launcher;

import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What the one-shot commands that dock capsules share: the container, the output, {@code --root} and
 * {@code --wait}.
 */
abstract class DockingCommand {
  /** The most read from standard input (16 MiB). */
  static final int MAX_STDIN_BYTES = 16 * 1024 * 1024;
  static final String STDIN_TOO_LARGE = "standard input is over " + MAX_STDIN_BYTES + " bytes: pass a smaller input";

  @ParentCommand
  private CapsuleCommand parent;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RootsOption roots;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "when another runtime holds the state directory, wait up to SECONDS for it (default:"
          + " ${DEFAULT-VALUE}, do not wait); exit " + ExitCodes.BUSY + " when it is still busy")
  private int waitSeconds;

  /**
   * Discovers and installs the capsules of the roots, waiting until each has settled; in the running
   * runtime ({@link RuntimeCommands}), its capsules as they are.
   */
  final DockedCapsules.Docked dock() {
    if (parent.served() != null) {
      return parent.served();
    }
    if (waitSeconds < 0) {
      throw new ParameterException(spec.commandLine(), "--wait must be 0 or more seconds: " + waitSeconds);
    }
    return DockedCapsules.dock(parent.container(), roots.roots(), err(), Duration.ofSeconds(waitSeconds));
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

  /**
   * Multi-line text a capsule wrote (a tool's result, an export's output) as it may go to standard
   * output: on a terminal, escaped but for line feeds and tabs, so that it cannot send escape or OSC
   * sequences to the user's terminal; into a file or a pipe, as it is, for the program reading it
   * (issue 20 finding 6).
   */
  final String forOutput(String untrusted) {
    return outputIsTerminal() ? UntrustedText.escapeKeepingLines(untrusted) : untrusted;
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
