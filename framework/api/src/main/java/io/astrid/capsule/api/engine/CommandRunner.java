package io.astrid.capsule.api.engine;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** Runs a slash command that is code rather than a declarative file (a WebAssembly component's). */
@ConsumerType
@FunctionalInterface
public interface CommandRunner {

  /**
   * Runs the command.
   *
   * @param arguments what the user typed after the command's name
   * @return the command's output, shown to the user
   * @throws IOException when the command fails; the message says why
   */
  String run(String arguments) throws IOException;
}
