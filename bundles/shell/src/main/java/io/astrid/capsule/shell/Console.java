package io.astrid.capsule.shell;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The session's output. Karaf binds {@code System.out} and {@code System.err} to the session running a command
 * (local console or SSH), so commands print there, as Karaf's own commands do.
 */
final class Console {
  private Console() {}

  static void print(Consumer<PrintWriter> lines) {
    PrintWriter out = new PrintWriter(System.out);
    lines.accept(out);
    out.flush();
  }

  static void error(Consumer<PrintWriter> lines) {
    PrintWriter err = new PrintWriter(System.err);
    lines.accept(err);
    err.flush();
  }
}
