package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a {@code capsule call} of server-everything's {@code trigger-elicitation-request} has no
 * client that could answer the server's form, so the runtime's console approver shows it at the
 * terminal: the human answers, fills in two fields and leaves the optional rest empty, and the server
 * gets exactly those values (its tool prints them).
 */
class Issue18ConsoleElicitationIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final List<String> OPTIONAL_REST = List.of("firstLine", "email", "homepage", "birthdate", "integer",
      "number", "untitledSingleSelectEnum", "untitledMultipleSelectEnum", "titledSingleSelectEnum",
      "titledMultipleSelectEnum", "legacyTitledEnum");

  @Test
  void issue18_aServersFormIsFilledInAtTheConsole(@TempDir Path temp) throws Exception {
    Path root = Files.createDirectories(temp.resolve("capsules/everything")).getParent();
    Files.writeString(root.resolve("everything/Capsule.toml"), TestCapsules.everythingManifest());
    Path conf = Files.createDirectories(temp.resolve("conf"));
    // Time for a human: the form waits as long as the server's request may.
    Files.writeString(conf.resolve("io.astrid.capsule.engine.mcp.cfg"), "mcp.call.timeout.ms = 80000\n");
    Files.writeString(conf.resolve("io.astrid.capsule.registry.cfg"), "capsule.call.timeout.ms = 85000\n");
    String call = "JAVA_HOME=" + System.getProperty("java.home") + " CAPSULE_JAVA_OPTS='-Dcapsule.conf=" + conf
        + " -Dastrid.state.dir=" + temp.resolve("state") + "' " + CapsuleCli.DISTRIBUTION.resolve("bin/capsule")
        + " call capsule:everything:trigger-elicitation-request '{}' -r " + root;
    try (Terminal terminal = Terminal.start(temp, 250, 80, call)) {
      answer(terminal, "Answer? [a]nswer, [d]ecline, [c]ancel: ", "a");
      answer(terminal, "name (string, required) - Your full, legal name: ", "Ada Lovelace");
      answer(terminal, "check (boolean: y or n) - Agree to the terms and conditions: ", "y");
      for (String field : OPTIONAL_REST) {
        answer(terminal, field + " (", "");
      }
      String screen = terminal.await("Raw result", 1, TIMEOUT);
      List<String> lines = screen.lines().toList();
      assertEquals("capsule [everything] mcp server [everything] asks: Please provide inputs for the following fields:",
          lines.stream().filter(line -> line.startsWith("capsule [everything]")).findFirst().orElseThrow());
      assertEquals(List.of("- Name: Ada Lovelace", "- Agreed to terms: true"),
          lines.stream().filter(line -> line.startsWith("- ")).toList());
    }
  }

  /** Waits for {@code prompt} on the screen, then types {@code line} and Enter. */
  private static void answer(Terminal terminal, String prompt, String line) throws Exception {
    terminal.await(prompt.strip(), 1, TIMEOUT);
    if (line.isEmpty()) {
      terminal.type("Enter");
    } else {
      terminal.type(line, "Enter");
    }
  }
}
