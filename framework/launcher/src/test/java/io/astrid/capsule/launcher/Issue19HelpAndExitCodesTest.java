package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 19: help fits the width it is given, and the shell scripts use the exit codes ExitCodes names. */
class Issue19HelpAndExitCodesTest {
  /** The repository, two levels above this module. */
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent().getParent();

  @TempDir
  Path temp;

  @Test
  void everyCommandsHelpFitsTheWidthAndNoLineIsCut() {
    for (String columns : List.of("80", "55", "132")) {
      CommandLine commandLine = Main.commandLine(new Container(temp, List.of()), columns);
      for (CommandLine command : commandLine.getSubcommands().values()) {
        String help = command.getUsageMessage();
        int width = Integer.parseInt(columns);
        assertEquals(List.of(), help.lines().filter(line -> line.length() > width).toList(), command.getCommandName());
      }
    }
  }

  @Test
  void theSummaryCapsuleHelpListsForEachCommandIsAWholeSentence() {
    CommandLine commandLine = Main.commandLine(new Container(temp, List.of()), "80");
    for (CommandLine command : commandLine.getSubcommands().values()) {
      String[] description = command.getCommandSpec().usageMessage().description();
      assertTrue(description.length > 0 && description[0].endsWith("."), command.getCommandName() + ": "
          + List.of(description));
    }
  }

  @Test
  void theWidthComesFromColumnsElse80AndNeverBelowPicocliNarrowest() {
    CommandLine commandLine = new CommandLine(new CapsuleCommand(new Container(temp, List.of())));
    HelpWidth.apply(commandLine, "100");
    assertEquals(100, commandLine.getUsageHelpWidth());
    HelpWidth.apply(commandLine, "20");
    assertEquals(HelpWidth.NARROWEST, commandLine.getUsageHelpWidth());
    HelpWidth.apply(commandLine, "not a number");
    assertEquals(HelpWidth.DEFAULT, commandLine.getUsageHelpWidth());
    assertTrue(commandLine.isUsageHelpAutoWidth(), "the terminal's width when COLUMNS says nothing");
  }

  @Test
  void theShellScriptsExitWithTheCodesExitCodesNames() throws IOException {
    String capsule = Files.readString(REPOSITORY.resolve("capsule"));
    String bin = Files.readString(REPOSITORY.resolve("distribution/src/main/dist/bin/capsule"));
    assertTrue(capsule.contains("exit " + ExitCodes.BUILD_FAILED + "\n"), "./capsule: build failed");
    assertTrue(capsule.contains("exit " + ExitCodes.INTERRUPTED + "\n"), "./capsule: interrupted");
    assertTrue(capsule.contains("astrid_select_java25 || exit " + ExitCodes.CONTAINER_FAILED), "./capsule: no Java");
    assertTrue(bin.contains("exit " + ExitCodes.CONTAINER_FAILED + " "), "bin/capsule: no Java 25");
    assertEquals(Map.of("0", 0, "1", 1, "2", 2, "3", 3, "4", 4, "5", 5, "6", 6, "130", 130),
        Map.of("0", ExitCodes.OK, "1", ExitCodes.PROBLEMS, "2", ExitCodes.USAGE, "3", ExitCodes.FAILED, "4",
            ExitCodes.BUSY, "5", ExitCodes.BUILD_FAILED, "6", ExitCodes.CONTAINER_FAILED, "130",
            ExitCodes.INTERRUPTED), "the codes docs/cli.md lists");
    String docs = Files.readString(REPOSITORY.resolve("docs/cli.md"));
    ExitCodes.help().keySet().forEach(code -> assertTrue(docs.contains("| " + code + " | "), "docs/cli.md: " + code));
  }

  @Test
  void everyCommandThatReadsCapsulesTakesRootAndEveryDataCommandJson() {
    CommandLine commandLine = Main.commandLine(new Container(temp, List.of()), "80");
    for (String name : List.of("validate", "list", "run", "inspect", "tools", "call", "invoke", "llm", "command",
        "env")) {
      assertTrue(commandLine.getSubcommands().get(name).getCommandSpec().findOption("--root") != null, name);
      assertTrue(commandLine.getSubcommands().get(name).getCommandSpec().findOption("-r") != null, name);
    }
    for (String name : List.of("validate", "list", "inspect", "tools", "call", "invoke", "llm", "command", "env",
        "config")) {
      assertTrue(commandLine.getSubcommands().get(name).getCommandSpec().findOption("--json") != null, name);
    }
    for (String name : List.of("run", "list", "validate")) {
      assertEquals(1, commandLine.getSubcommands().get(name).getCommandSpec().positionalParameters().size(), name);
    }
  }

  @Test
  void aMistypedCommandGetsTheClosestOneAndAnUnknownShowKindIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(new Container(temp, List.of()), "80");
    commandLine.setErr(new PrintWriter(err, true));
    assertEquals(ExitCodes.USAGE, commandLine.execute("lsit"));
    assertEquals("capsule: unknown command [lsit], did you mean \"list\"?; 'capsule help' lists the commands",
        err.toString().strip());

    StringWriter kindErr = new StringWriter();
    CommandLine again = Main.commandLine(new Container(temp, List.of()), "80");
    again.setErr(new PrintWriter(kindErr, true));
    assertEquals(ExitCodes.USAGE, again.execute("inspect", "hello-static", "--show", "tool", "x"));
    assertEquals("--show kind [tool] is unknown: expected context, skill or command", kindErr.toString().lines()
        .findFirst().orElseThrow());
  }

  @Test
  void withoutASubcommandUsageGoesToStandardErrorWithExit2() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(new Container(temp, List.of()), "80");
    commandLine.setErr(new PrintWriter(err));
    assertEquals(ExitCodes.USAGE, commandLine.execute());
    assertTrue(err.toString().startsWith("capsule: a subcommand is required"), err.toString());
  }
}
