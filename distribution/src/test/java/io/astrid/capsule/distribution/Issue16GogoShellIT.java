package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.CapsuleCli.DISTRIBUTION;
import static io.astrid.capsule.distribution.CapsuleCli.STATE_OPTION;
import static io.astrid.capsule.distribution.CapsuleCli.capsule;
import static io.astrid.capsule.distribution.CapsuleCli.copyExample;
import static io.astrid.capsule.distribution.CapsuleCli.quoted;
import static io.astrid.capsule.distribution.CapsuleCli.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "Gogo shell": {@code capsule shell} as a user runs it, on a real terminal (tmux): the status table,
 * Gogo's prompt, the {@code capsule:*} commands with Tab completion of capsule ids and tool names, a tool call
 * (through an MCP server process), the approval queue, and Ctrl-D, after which the runtime's JVM and the MCP
 * server it started are gone; {@code capsule:inspect} printing the command line's page.
 */
class Issue16GogoShellIT {
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final String PROMPT = "g! ";

  @TempDir
  Path temp;

  @Test
  void theShellCompletesCallsListsAndAnswersApprovalsAndCtrlDStopsTheRuntime() throws Exception {
    Path root = temp.resolve("root");
    copyExample("hello-static", root.resolve("hello-static"));
    write(root.resolve("everything/Capsule.toml"), TestCapsules.everythingManifest());
    try (Terminal terminal = Terminal.start(temp, 200, 60, shellLine(root))) {
      String screen = terminal.await(s -> s.contains(PROMPT), START);
      assertTrue(screen.matches("(?s).*CAPSULE +VERSION +STATE +ENGINES +TOOLS\n"
          + "everything +1\\.0\\.0 +READY +static, mcp +\\d+\nhello-static +0\\.1\\.0 +READY +static +0\n.*"), screen);
      ProcessHandle capsule = runtime();
      List<ProcessHandle> servers = capsule.descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/node") || c.equals("node")).orElse(false)).toList();
      assertEquals(1, servers.size(), "one MCP server process: " + servers);

      terminal.type("capsule:inspect hel", "Tab");
      terminal.await(s -> s.contains(PROMPT + "capsule:inspect hello-static"), ANSWER);
      terminal.type("Enter");
      terminal.await(s -> s.contains("capsule:   hello-static 0.1.0\ndirectory: " + root.resolve("hello-static")
          + "\nstate:     READY\nengines:   static\nlayer:     none\ncapabilities:\n"), ANSWER);

      terminal.type("capsule:call capsule:everything:ech", "Tab");
      terminal.await(s -> s.contains(PROMPT + "capsule:call capsule:everything:echo"), ANSWER);
      terminal.type(" '{\"message\":\"from the shell\"}'", "Enter");
      terminal.await(s -> s.contains("\nEcho: from the shell\n"), ANSWER);
      // A failed call prints the tool's error text (Gogo would show nothing of a failed command run with &).
      terminal.type("capsule:call capsule:hello-static:nothing", "Enter");
      terminal.await(s -> s.contains("\nunknown tool [capsule:hello-static:nothing]\n"), ANSWER);

      terminal.type("capsule:list", "Enter");
      terminal.await("hello-static  0.1.0    READY  static", 2, ANSWER);

      terminal.type("capsule:approvals", "Enter");
      terminal.await(s -> s.contains("\nno approval request is pending\n"), ANSWER);
      terminal.type("capsule:approvals --stored", "Enter");
      terminal.await(s -> s.contains("\nno answer is stored\n"), ANSWER);

      // The gate allowed the MCP server's process when the capsule loaded (its declared host_process).
      terminal.type("capsule:audit -n 1", "Enter");
      terminal.await(s -> s.contains("\n{\"time\":") && s.contains("\"capsule\":\"everything\",\"action\":"
          + "\"host_process\",\"resource\":\"node\",\"decision\":\"allow\""), ANSWER);

      terminal.type("capsule:inspect nothing", "Enter");
      // Ctrl-D only once the prompt is back: JLine reads it as end of input at an empty prompt, while
      // between two commands the terminal is not in its raw mode and the key may go elsewhere.
      terminal.await(s -> s.contains("\ncapsule: no capsule [nothing]: docked are [everything, hello-static]\ng!"),
          ANSWER);

      terminal.type("C-d");
      screen = terminal.await(s -> s.contains("exit="), ANSWER);
      assertTrue(screen.contains("exit=0"), screen);
      assertFalse(screen.contains("Exception"), screen);
      awaitGone(capsule);
      awaitGone(servers.getFirst());
    }
  }

  @Test
  void exitLeavesTheShellAndStopsTheRuntime() throws Exception {
    Path root = temp.resolve("root");
    copyExample("hello-static", root.resolve("hello-static"));
    try (Terminal terminal = Terminal.start(temp, 200, 60, shellLine(root))) {
      terminal.await(s -> s.contains(PROMPT), START);
      ProcessHandle capsule = runtime();
      terminal.type("exit", "Enter");
      String screen = terminal.await(s -> s.contains("exit="), ANSWER);
      assertTrue(screen.contains("exit=0"), screen);
      awaitGone(capsule);
    }
  }

  /**
   * One inspect renderer: for the same capsule, {@code capsule:inspect} in the shell (Karaf's console runs the same
   * command class) prints line for line the page that the command line's {@code capsule inspect} prints.
   */
  @Test
  void theShellsInspectPrintsTheCommandLinesPage() throws Exception {
    Path root = temp.resolve("root");
    copyExample("notes", root.resolve("notes"));
    copyExample("hello-static", root.resolve("hello-static"));
    List<String> capsules = List.of("notes", "hello-static");
    List<List<String>> pages = new ArrayList<>();
    for (String capsule : capsules) {
      CapsuleCli.Run cli = capsule(temp, "inspect", capsule, "-r", root.toString());
      assertEquals(0, cli.exit(), String.join("\n", cli.err()));
      assertEquals("capsule:   " + capsule + " 0.1.0", cli.out().getFirst());
      pages.add(cli.out());
    }
    // Wide enough that no line of a page wraps, tall enough for the table and both pages.
    try (Terminal terminal = Terminal.start(temp, 400, 100, shellLine(root))) {
      terminal.await(s -> s.contains(PROMPT), START);
      for (int i = 0; i < capsules.size(); i++) {
        String command = PROMPT + "capsule:inspect " + capsules.get(i) + "\n";
        terminal.type("capsule:inspect " + capsules.get(i), "Enter");
        // The terminal pads its lines with blanks (the page ends none with one): look and compare without them.
        // The next, empty, prompt ends the page.
        String next = "\n" + PROMPT.strip() + "\n";
        String screen = withoutTrailingBlanks(terminal.await(s -> withoutTrailingBlanks(s).contains(command)
            && withoutTrailingBlanks(s).indexOf(next, withoutTrailingBlanks(s).indexOf(command)) >= 0, ANSWER));
        int start = screen.indexOf(command) + command.length();
        assertEquals(pages.get(i), screen.substring(start, screen.indexOf(next, start - 1) + 1).lines().toList(),
            screen);
      }
      ProcessHandle capsule = runtime();
      terminal.type("exit", "Enter");
      terminal.await(s -> s.contains("exit="), ANSWER);
      awaitGone(capsule);
    }
  }

  private static String withoutTrailingBlanks(String screen) {
    // Gogo prints the time at the right of a prompt's line (its right prompt): not the page's either.
    return String.join("\n", screen.lines().map(line -> line.replaceFirst("\\s+\\d\\d:\\d\\d:\\d\\d$", "")
        .stripTrailing()).toList()) + "\n";
  }

  /**
   * The line that runs {@code capsule shell ROOT} on the terminal, then prints its exit status. The inner sh writes
   * its pid, then becomes bin/capsule, which becomes the JVM: that pid is the runtime's ({@link #runtime}). HOME
   * is the test's: Gogo keeps its history in ~/.gogo.history.
   */
  private String shellLine(Path root) {
    String runtime = "echo $$ > " + quoted(temp.resolve("capsule.pid").toString()) + "; exec "
        + quoted(DISTRIBUTION.resolve("bin/capsule").toString()) + " shell " + quoted(root.toString());
    return "export JAVA_HOME=" + quoted(System.getProperty("java.home")) + " HOME=" + quoted(temp.toString())
        + " CAPSULE_JAVA_OPTS=" + quoted(STATE_OPTION) + "; sh -c " + quoted(runtime) + "; echo \"exit=$?\"";
  }

  private ProcessHandle runtime() throws Exception {
    return ProcessHandle.of(Long.parseLong(Files.readString(temp.resolve("capsule.pid")).strip())).orElseThrow();
  }

  /** Gone, or a zombie about to be reaped: not running, at any rate, within a few seconds. */
  private static void awaitGone(ProcessHandle process) throws Exception {
    Optional<ProcessHandle> still = ProcessHandle.of(process.pid());
    if (still.isPresent()) {
      still.get().onExit().get(ANSWER.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
