package io.astrid.capsule.launcher;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@link InstallConsole} of a real run: the terminal when there is one (secrets read without
 * echo), else standard input line by line, so that answers can be piped in. A line longer than
 * {@link #MAX_LINE_CHARS} is refused rather than buffered.
 */
final class SystemConsole implements InstallConsole {
  static final int MAX_LINE_CHARS = 64 * 1024;

  private final Console terminal;
  private final Reader input;
  private final PrintWriter out;

  private SystemConsole(Console terminal, InputStream input, PrintWriter out) {
    this.terminal = terminal;
    this.input = new InputStreamReader(input, StandardCharsets.UTF_8);
    this.out = out;
  }

  /** The terminal if standard input and output are one, else standard input, with prompts on {@code out}. */
  static SystemConsole open(PrintWriter out) {
    Console console = System.console();
    return new SystemConsole(console != null && console.isTerminal() ? console : null, System.in, out);
  }

  @Override
  public Optional<String> ask(String prompt) {
    if (terminal != null) {
      return Optional.ofNullable(terminal.readLine("%s", prompt));
    }
    out.print(prompt);
    out.flush();
    return readLine();
  }

  @Override
  public Optional<String> askSecret(String prompt) {
    if (terminal != null) {
      char[] typed = terminal.readPassword("%s", prompt);
      return typed == null ? Optional.empty() : Optional.of(new String(typed));
    }
    out.print(prompt);
    out.flush();
    Optional<String> line = readLine();
    out.println(); // the piped answer is not echoed: end the prompt's line
    return line;
  }

  @Override
  public void tell(String line) {
    if (terminal != null) {
      terminal.printf("%s%n", line);
      terminal.flush();
    } else {
      out.println(line);
      out.flush();
    }
  }

  /** One line of standard input, at most {@link #MAX_LINE_CHARS} long. */
  private Optional<String> readLine() {
    StringBuilder line = new StringBuilder();
    try {
      for (int c = input.read(); c != -1; c = input.read()) {
        if (c == '\n') {
          return Optional.of(stripReturn(line));
        }
        if (line.length() == MAX_LINE_CHARS) {
          throw new IllegalArgumentException("an answer of more than " + MAX_LINE_CHARS + " characters");
        }
        line.append((char) c);
      }
      return line.isEmpty() ? Optional.empty() : Optional.of(stripReturn(line));
    } catch (IOException e) {
      throw new UncheckedIOException("reading standard input failed", e);
    }
  }

  private static String stripReturn(StringBuilder line) {
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }
}
