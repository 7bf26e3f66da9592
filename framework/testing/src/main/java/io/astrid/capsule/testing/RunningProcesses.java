package io.astrid.capsule.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The processes of this machine whose command line carries a text, as {@code /proc} shows them: how a test finds the
 * processes a server started on its own (grandchildren, daemons) that no handle of the test reaches. Zombies are not
 * counted: an orphan is reaped by init in its own time, and until then it only waits.
 */
public final class RunningProcesses {
  private static final Path PROC = Path.of("/proc");

  private RunningProcesses() {}

  /** How many running processes have {@code text} in their command line. */
  public static long carrying(String text) {
    try (Stream<Path> entries = Files.list(PROC)) {
      return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> running(p) && commandLine(p).contains(text))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list [" + PROC + "]", e);
    }
  }

  /** Returns once exactly {@code count} running processes carry {@code text}; fails after {@code timeout}. */
  public static void awaitCarrying(String text, long count, Duration timeout) throws InterruptedException {
    try {
      Await.until(() -> carrying(text) == count, timeout, count + " running processes carrying [" + text + "]");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; found " + carrying(text), e);
    }
  }

  private static boolean running(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      // The state follows the command name, which is in parentheses and may itself hold ") ".
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false; // ended meanwhile
    }
  }

  private static String commandLine(Path process) {
    try {
      return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // ended meanwhile
    }
  }
}
