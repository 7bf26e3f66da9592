package io.astrid.capsule.launcher;

import picocli.CommandLine.Option;

/**
 * {@code --standalone}, a mixin of the one-shot commands that can run in the running runtime
 * ({@link RemoteRuntime}): a command with it is such a command, and with it given, it starts a
 * runtime of its own as before.
 */
final class StandaloneOption {
  static final String NAME = "--standalone";

  @Option(names = NAME, description = "start a runtime of its own even when 'capsule run' serves the state"
      + " directory (then it waits or exits " + ExitCodes.BUSY + ", see --wait); without it the command runs in"
      + " that runtime")
  private boolean standalone;
}
