package io.astrid.capsule.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real terminal for tests that need one (prompts read without echo, Ctrl-C, progress lines that
 * rewrite themselves): a tmux server of its own runs one shell command in a pseudo-terminal, the test
 * types keys into it and reads the screen.
 *
 * <p>The command is the session's program, not typed into an interactive shell, so no shell prompt
 * ever appears on the screen; when it ends, the pane keeps showing its output until {@link #close()}.
 */
final class Terminal implements AutoCloseable {
  private static final Duration TMUX_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger SERVERS = new AtomicInteger();

  private final String socket;

  private Terminal(String socket) {
    this.socket = socket;
  }

  /**
   * Runs {@code shellCommand} (a {@code sh -c} line) in {@code directory} on a terminal of
   * {@code columns} x {@code rows}. Its output stays on the screen after it ends.
   */
  static Terminal start(Path directory, int columns, int rows, String shellCommand) throws IOException {
    Terminal terminal = new Terminal("capsule-it-" + ProcessHandle.current().pid() + "-" + SERVERS.incrementAndGet());
    // `exec cat` keeps the pane (and so the screen) alive once the command is done; tmux's
    // remain-on-exit would have to be set before the command could end, which is a race.
    terminal.tmux("new-session", "-d", "-s", "t", "-x", Integer.toString(columns), "-y", Integer.toString(rows),
        "-c", directory.toString(), shellCommand + "; exec cat");
    return terminal;
  }

  /** Types {@code keys} as tmux send-keys names them ({@code "Enter"}, {@code "C-c"}, or literal text). */
  void type(String... keys) throws IOException {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t"));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /** What the screen shows now, wrapped lines joined. */
  String screen() throws IOException {
    return tmux("capture-pane", "-p", "-J", "-t", "t");
  }

  /** The screen once it satisfies {@code condition}; an AssertionError with the last screen after {@code timeout}. */
  String await(Predicate<String> condition, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String screen = screen();
      if (condition.test(screen)) {
        return screen;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the terminal did not show what was expected within " + timeout + ":\n" + screen);
      }
      // A screen has nothing to block on: look again after a short pause.
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** The screen once {@code text} appears on it {@code times} times. */
  String await(String text, int times, Duration timeout) throws IOException, InterruptedException {
    return await(screen -> occurrences(screen, text) >= times, timeout);
  }

  @Override
  public void close() throws IOException {
    tmux("kill-server");
  }

  private static int occurrences(String screen, String text) {
    int count = 0;
    for (int at = screen.indexOf(text); at >= 0; at = screen.indexOf(text, at + text.length())) {
      count++;
    }
    return count;
  }

  private String tmux(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TMUX_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("tmux " + List.of(args) + " did not finish within " + TMUX_TIMEOUT);
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while tmux " + List.of(args) + " ran", e);
    } finally {
      process.destroyForcibly();
    }
  }
}
