package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParseResult;

/**
 * Issue 14: bin/capsule's lean client ({@link ClientMain}) builds no command tree, so the roots it
 * sends are read by {@link RootsOption#named}; here they are held to what the tree parses, for every
 * spelling of the option. And it leaves to the whole runtime what it does not do itself.
 */
class Issue14ClientMainTest {
  @TempDir
  Path state;

  @ParameterizedTest
  @ValueSource(strings = {
      "call capsule:a:b {}",
      "call capsule:a:b {} -r one",
      "call capsule:a:b {} --root one",
      "call capsule:a:b {} --root=one",
      "call capsule:a:b {} -rone",
      "call capsule:a:b {} -r=one",
      "call -r one capsule:a:b {} --root two -rthree",
      "--log-level debug tools -r one --json",
      "-q inspect notes --root one",
      "invoke -r one notes export -",
      "call capsule:a:b -- -r",
  })
  void theRootsReadWithoutTheTreeAreTheTreesRoots(String line) {
    List<String> arguments = List.of(line.split(" "));
    ParseResult parsed = Main.commandLine(new CapsuleCommand(null), null).parseArgs(arguments.toArray(String[]::new));
    DockingCommand command = RemoteRuntime.runnableThere(parsed).orElseThrow().commandSpec().commandLine()
        .getCommand();
    assertEquals(command.roots().pathsAfter(List.of()), RootsOption.named(arguments));
  }

  @Test
  void withoutGatewayJsonTheWholeRuntimeRunsTheCommand() {
    assertEquals(ExitCodes.NO_RUNNING_RUNTIME, run("call", "capsule:a:b", "{}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-h", "--help", "-V", "--version", "--standalone"})
  void helpAndStandaloneAreLeftToTheWholeRuntime(String option) throws Exception {
    Files.writeString(state.resolve(RemoteRuntime.ENDPOINT_FILE), "{\"url\": \"http://127.0.0.1:7411/mcp\", \"pid\": "
        + ProcessHandle.current().pid() + ", \"token\": \"t\"}");
    assertEquals(ExitCodes.NO_RUNNING_RUNTIME, run("call", "capsule:a:b", "{}", option));
  }

  @Test
  void aMalformedGatewayJsonSaysSo() throws Exception {
    Files.writeString(state.resolve(RemoteRuntime.ENDPOINT_FILE), "[1, 2]");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(ExitCodes.PROBLEMS, ClientMain.run(List.of("tools"), state, new ByteArrayInputStream(new byte[0]),
        false, new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertEquals("capsule: the running runtime's endpoint file is malformed [" + state.resolve("gateway.json")
        + "]: expected url, pid and token" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
  }

  private int run(String... arguments) {
    return ClientMain.run(List.of(arguments), state, new ByteArrayInputStream(new byte[0]), false, System.err);
  }
}
