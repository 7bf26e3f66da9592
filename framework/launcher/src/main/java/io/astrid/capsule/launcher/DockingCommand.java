package io.astrid.capsule.launcher;

import io.astrid.capsule.internal.text.UntrustedText;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the one-shot commands that dock capsules share: {@code --root} and {@code --wait}, and the
 * capsules docked, their own or the running runtime's.
 */
abstract class DockingCommand extends RootedCommand {
  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "when another runtime holds the state directory, wait up to SECONDS for it (default:"
          + " ${DEFAULT-VALUE}, do not wait); exit " + ExitCodes.BUSY + " when it is still busy")
  private int waitSeconds;

  /**
   * Discovers and installs the capsules of the roots, waiting until each has settled; in the running
   * runtime ({@link RuntimeCommands}), its capsules as they are.
   */
  final DockedCapsules.Docked dock() {
    if (running() != null) {
      return running().docked();
    }
    if (waitSeconds < 0) {
      throw new ParameterException(spec().commandLine(), "--wait must be 0 or more seconds: " + waitSeconds);
    }
    return DockedCapsules.dock(container(), roots().roots(), err(), Duration.ofSeconds(waitSeconds));
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
}
