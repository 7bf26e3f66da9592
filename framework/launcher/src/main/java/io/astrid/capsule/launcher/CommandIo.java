package io.astrid.capsule.launcher;

import java.io.Console;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a command reads its standard input, writes raw bytes and asks its user, whether its output is
 * a terminal, and what relative paths are relative to: this process's own, or, for a command that the
 * running runtime runs for another process ({@link RuntimeCommands}), that process's.
 *
 * @param in standard input, read for an argument given as {@code -}
 * @param out standard output for bytes written as they are (an export's output into a pipe)
 * @param terminal whether standard output is a terminal rather than a file or a pipe
 * @param workingDirectory what relative paths of the command line are resolved against
 * @param consoles the console that asks the user, over the command's standard output
 */
record CommandIo(InputStream in, OutputStream out, boolean terminal, Path workingDirectory,
    Function<PrintWriter, InstallConsole> consoles) {
  /** This process's standard input and output, its terminal and its working directory. */
  static CommandIo system() {
    Console console = System.console();
    return new CommandIo(System.in, System.out, console != null && console.isTerminal(), Path.of(""),
        SystemConsole::open);
  }

  /** The console that asks this command's user; {@code out} is the command's standard output. */
  InstallConsole console(PrintWriter out) {
    return consoles.apply(out);
  }
}
