package io.astrid.capsule.launcher;

import java.io.Console;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where a command reads its standard input and writes raw bytes, and whether its output is a terminal:
 * this process's own, or, for a command that the running runtime runs for another process
 * ({@link RuntimeCommands}), that process's input and terminal.
 *
 * @param in standard input, read for an argument given as {@code -}
 * @param out standard output for bytes written as they are (an export's output into a pipe)
 * @param terminal whether standard output is a terminal rather than a file or a pipe
 */
record CommandIo(InputStream in, OutputStream out, boolean terminal) {
  /** This process's standard input and output. */
  static CommandIo system() {
    Console console = System.console();
    return new CommandIo(System.in, System.out, console != null && console.isTerminal());
  }
}
