package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.api.gateway.CommandHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's last stop: the running runtime built picocli's whole command tree for every command of
 * another process (about 55 ms of CPU each). It now builds a tree once and reuses it; a tree runs one
 * call at a time (a {@code CommandLine} is not reentrant), and what one call was given (its roots, its
 * options, its output) does not reach the next or a concurrent one. None of these commands needs the
 * framework, so the container is never started.
 */
class Issue14CommandTreeTest {
  @TempDir
  Path temp;

  @Test
  void oneTreeRunsCommandAfterCommandAndEachSaysWhatItsOwnCallWasGiven() {
    RuntimeCommands commands = runtimeCommands();
    String served = temp.resolve("served").toString();
    for (int i = 0; i < 3; i++) {
      assertEquals(new Printed(2, "", "Missing required parameters: 'TOOL', 'JSON'"),
          Printed.of(commands.run(request(List.of(served), "call", "--no-such-option"))).firstErrLine());
      Path other = temp.resolve("other-" + i);
      assertEquals(new Printed(4, "", "capsule: the running runtime (pid " + ProcessHandle.current().pid()
          + ") serves the roots [" + served + "], not [" + other + "]: name the same roots, or stop it and run"
          + " this with --standalone"), Printed.of(commands.run(request(List.of(other.toString()), "tools",
              "--json", "-r", other.toString()))).firstErrLine());
      assertEquals(new Printed(2, "", "capsule: the running runtime runs only " + RemoteRuntime.COMMANDS
          + " for other processes"), Printed.of(commands.run(request(List.of(served), "list"))).firstErrLine());
      Printed help = Printed.of(commands.run(request(List.of(served), "call", "--help")));
      assertEquals(0, help.exit());
      assertTrue(help.out().startsWith("Usage: capsule call "), help::toString);
    }
    assertEquals(1, commands.treesBuilt());
  }

  @Test
  void concurrentCommandsEachRunOnATreeOfTheirOwnAndGetTheirOwnAnswers() throws Exception {
    RuntimeCommands commands = runtimeCommands();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          List<String> wrong = new ArrayList<>();
          for (int i = 0; i < 25; i++) {
            String other = temp.resolve("thread-" + thread + "-call-" + i).toString();
            Printed printed = Printed.of(commands.run(request(List.of(other), "tools", "-r", other)));
            if (printed.exit() != 4 || !printed.err().contains("not [" + other + "]")) {
              wrong.add(printed.toString());
            }
          }
          return wrong;
        }));
      }
      start.countDown();
      for (Future<List<String>> result : results) {
        assertEquals(List.of(), result.get());
      }
    }
    assertTrue(commands.treesBuilt() <= threads, () -> commands.treesBuilt() + " trees for " + threads + " threads");
  }

  private RuntimeCommands runtimeCommands() {
    Container unstarted = new Container(temp.resolve("no-bundles"), List.of());
    List<CapsuleRoot> roots = List.of(new CapsuleRoot(temp.resolve("served"), RootScope.EXTRA));
    return new RuntimeCommands(unstarted, new CapsuleCommand.Running(null, roots, null));
  }

  private CommandHost.Request request(List<String> roots, String... arguments) {
    return new CommandHost.Request(List.of(arguments), roots, new byte[0], false, temp.toString(), List.of(), true);
  }

  /** What a command printed, as text. */
  private record Printed(int exit, String out, String err) {
    static Printed of(CommandHost.Result result) {
      return new Printed(result.exitCode(), new String(result.out(), StandardCharsets.UTF_8),
          new String(result.err(), StandardCharsets.UTF_8));
    }

    Printed firstErrLine() {
      return new Printed(exit, out, err.lines().findFirst().orElse(""));
    }
  }
}
