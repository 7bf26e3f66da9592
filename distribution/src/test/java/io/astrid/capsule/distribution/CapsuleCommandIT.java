package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.CapsuleCli.DISTRIBUTION;
import static io.astrid.capsule.distribution.CapsuleCli.EXAMPLES;
import static io.astrid.capsule.distribution.CapsuleCli.STATE_OPTION;
import static io.astrid.capsule.distribution.CapsuleCli.capsule;
import static io.astrid.capsule.distribution.CapsuleCli.capsuleOnTerminal;
import static io.astrid.capsule.distribution.CapsuleCli.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.distribution.CapsuleCli.Run;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled {@code bin/capsule} as a user runs it: a real process booting a real Felix with
 * the distribution's bundles, on real directories.
 */
class CapsuleCommandIT {
  /**
   * One {@code capsule run} of {@link #dockingRoot} for the cases that only read it: their commands run in
   * it, as a user's do while it serves (issue 14; Issue14RemoteCliIT holds them to the same output and
   * exit status as on their own), instead of each starting a runtime and the everything server of its own.
   */
  @TempDir
  static Path shared;

  private static Path docking;
  private static GatewayRuntime dockingRuntime;
  private static Map<String, String> dockingEnvironment;

  @TempDir
  Path temp;

  @BeforeAll
  static void serveTheDockingRoot() throws IOException {
    docking = dockingRoot(shared.resolve("docking"));
    dockingRuntime = GatewayRuntime.start(shared, docking);
    dockingEnvironment = Map.of("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + dockingRuntime.state()
        + " -Dcapsule.conf=" + shared.resolve("conf"));
  }

  @AfterAll
  static void stopServingIt() throws InterruptedException {
    dockingRuntime.close();
  }

  /** Runs {@code args} in the runtime serving {@link #docking}. */
  private Run inDockingRuntime(String... args) throws Exception {
    return capsule(temp, dockingEnvironment, args);
  }

  @Test
  void validateAcceptsTheExamples() throws Exception {
    Run run = capsule(temp, "validate", EXAMPLES.toString());

    assertEquals(List.of("checked 6 manifests: 6 valid, 0 invalid (0 errors, 0 warnings)"), run.out());
    assertEquals(0, run.exit(), run.err().toString());
  }

  @Test
  void validateReportsEveryProblemWithPositionAndFailsWithExitOne() throws Exception {
    Path manifest = write(temp.resolve("broken/Capsule.toml"), """
        [package]
        name = "Broken_Name"
        version = "1.0.0"
        verison = "2"

        [[cron]]
        name = "sync-issues"
        schedule = "0 * * *"
        action = "sync"
        """);

    Run run = capsule(temp, "validate", "broken/Capsule.toml");

    assertEquals(List.of(
        "broken/Capsule.toml:2:8: [package]: name \"Broken_Name\" is invalid, expected lowercase letters, digits and"
            + " single hyphens, starting with a letter",
        "broken/Capsule.toml:4:1: warning: [package]: unknown key \"verison\", did you mean \"version\"?",
        "broken/Capsule.toml:8:12: [[cron]] \"sync-issues\": schedule \"0 * * *\" has 4 fields, expected 5",
        "checked 1 manifest: 0 valid, 1 invalid (2 errors, 1 warning)"), run.out());
    assertEquals(1, run.exit());
    assertTrue(Files.exists(manifest));
  }

  @Test
  void validateOfARootChecksEachCapsuleAndAMissingPathIsAnError() throws Exception {
    write(temp.resolve("root/good/Capsule.toml"), "[package]\nname = \"good\"\nversion = \"1.0.0\"\n");
    write(temp.resolve("root/bad/Capsule.toml"), "[package]\nname = \"bad\"\n");
    write(temp.resolve("root/good-copy/Capsule.toml"), "[package]\nname = \"good\"\nversion = \"1.0.0\"\nvesion = 1\n");

    Run run = capsule(temp, "validate", "root", "missing");

    assertEquals(List.of(
        "root/bad/Capsule.toml:1:1: [package]: missing required key \"version\", expected a string",
        "root/good-copy/Capsule.toml:4:1: warning: [package]: unknown key \"vesion\", did you mean \"version\"?",
        "checked 3 manifests: 2 valid, 1 invalid (1 error, 1 warning)"), run.out());
    assertEquals(List.of("warning: duplicate capsule [good]: root/good-copy is shadowed by root/good",
        "capsule: missing: no such file or directory"), run.err());
    assertEquals(1, run.exit());
  }

  @Test
  void listShowsCapsulesWithSectionsAndReportsBrokenOnesAndDuplicates() throws Exception {
    write(temp.resolve("a/alpha/Capsule.toml"), "[package]\nname = \"alpha\"\nversion = \"1.2.3\"\n"
        + "[capabilities]\nnet = [\"api.github.com\"]\n");
    write(temp.resolve("a/broken/Capsule.toml"), "[package\n");
    write(temp.resolve("b/alpha-copy/Capsule.toml"), "[package]\nname = \"alpha\"\nversion = \"9.9.9\"\n");
    write(temp.resolve("b/beta/Capsule.toml"), "[package]\nname = \"beta\"\nversion = \"0.0.1\"\n");

    Run run = capsule(temp, "list", "a", "b");

    assertEquals(List.of(
        "NAME   VERSION  AFTER  DIRECTORY  SECTIONS",
        "alpha  1.2.3    -      a/alpha    package, capabilities",
        "beta   0.0.1    -      b/beta     package"), run.out());
    assertEquals(List.of(
        "a/broken/Capsule.toml:1:9: TOML syntax: Unexpected end of line, expected ]",
        "warning: duplicate capsule [alpha]: b/alpha-copy is shadowed by a/alpha"), run.err());
    assertEquals(1, run.exit());
  }

  /**
   * Issue 13, finding 6: 4 KB of arrays nested 2,000 deep overflowed tomlj's stack, and every command
   * died for every capsule. The manifest is now refused with its position, and the others still count.
   */
  @Test
  void issue13Finding6_aManifestNested2000DeepIsReportedAndTheGoodOneIsListed() throws Exception {
    write(temp.resolve("root/good/Capsule.toml"), "[package]\nname = \"good\"\nversion = \"1.0.0\"\n");
    write(temp.resolve("root/hostile/Capsule.toml"), "[package]\nname = \"hostile\"\nversion = \"1.0.0\"\n"
        + "[capabilities]\nkv = " + "[".repeat(2000) + "]".repeat(2000) + "\n");
    String refusal = "root/hostile/Capsule.toml:5:69: TOML nesting: more than 64 levels of arrays, inline tables"
        + " and keys, the manifest is not parsed";

    Run list = capsule(temp, "list", "root");
    assertEquals(List.of("NAME  VERSION  AFTER  DIRECTORY  SECTIONS", "good  1.0.0    -      root/good  package"),
        list.out());
    assertEquals(List.of(refusal), list.err());
    assertEquals(1, list.exit());

    Run validate = capsule(temp, "validate", "root");
    assertEquals(List.of(refusal, "checked 2 manifests: 1 valid, 1 invalid (1 error, 0 warnings)"), validate.out());
    assertEquals(1, validate.exit());
  }

  /** Issue 13, finding 10 (a): a FAILED capsule's tool said "unknown tool"; it says why the capsule failed. */
  @Test
  void issue13Finding10_callingAToolOfAFailedCapsuleSaysWhyTheCapsuleFailed() throws Exception {
    CapsuleCli.brokenWasm(temp.resolve("root/broken"));

    Run call = capsule(temp, "call", "capsule:broken:lookup", "{}", "--root", temp.resolve("root").toString());

    assertTrue(call.err().contains("tool [capsule:broken:lookup] is unavailable: capsule [broken] is FAILED (engine"
        + " [wasm] failed to load: not a WebAssembly module (no \\0asm header))"), String.join("\n", call.err()));
    assertEquals(3, call.exit(), "issue 19: the capsule asked about failed");
  }

  @Test
  void listWithoutRootsSearchesWorkspaceThenUserAndTheWorkspaceWins() throws Exception {
    Path home = temp.resolve("home");
    write(home.resolve(".astrid/plugins/shared/Capsule.toml"), "[package]\nname = \"shared\"\nversion = \"2.0.0\"\n");
    write(home.resolve(".astrid/plugins/mine/Capsule.toml"), "[package]\nname = \"mine\"\nversion = \"1.0.0\"\n");
    Path workspace = temp.resolve("workspace");
    write(workspace.resolve(".astrid/plugins/shared/Capsule.toml"),
        "[package]\nname = \"shared\"\nversion = \"1.0.0\"\n");

    Run run = capsule(workspace, Map.of("HOME", home.toString(), "CAPSULE_JAVA_OPTS", STATE_OPTION), "list");

    assertEquals(List.of(
        List.of("NAME", "VERSION", "AFTER", "DIRECTORY", "SECTIONS"),
        List.of("shared", "1.0.0", "-", ".astrid/plugins/shared", "package"),
        List.of("mine", "1.0.0", "-", home.resolve(".astrid/plugins/mine").toString(), "package")),
        run.out().stream().map(row -> List.of(row.split(" {2,}"))).toList());
    assertEquals(List.of("warning: duplicate capsule [shared]: " + home.resolve(".astrid/plugins/shared")
        + " is shadowed by .astrid/plugins/shared"), run.err());
    assertEquals(0, run.exit());
  }

  /**
   * Issue 20, finding 9: with {@code HOME} pointing elsewhere than the passwd entry (Java's
   * {@code user.home}, which this test leaves alone), the user root and the state directory follow
   * {@code HOME}.
   */
  @Test
  void issue20Finding9_theUserRootAndTheStateDirectoryFollowHome() throws Exception {
    Path home = temp.resolve("home");
    write(home.resolve(".astrid/plugins/mine/Capsule.toml"), "[package]\nname = \"mine\"\nversion = \"1.0.0\"\n");
    Path workspace = Files.createDirectories(temp.resolve("workspace"));

    Run list = capsule(workspace, Map.of("HOME", home.toString()), "list");
    assertEquals(List.of(List.of("mine", "1.0.0", "-", home.resolve(".astrid/plugins/mine").toString(), "package")),
        list.out().stream().skip(1).map(row -> List.of(row.split(" {2,}"))).toList(), list.err().toString());

    Run inspect = capsule(workspace, Map.of("HOME", home.toString()), "inspect", "mine");
    assertEquals("capsule:   mine 1.0.0", inspect.out().getFirst(), inspect.err().toString());
    assertTrue(Files.exists(home.resolve(".astrid/state/runtime.lock")), "the state directory is $HOME/.astrid/state");
  }

  /** Issue 20, finding 9: ASTRID_HOME moves the user root and the state directory together, away from HOME. */
  @Test
  void issue20Finding9_astridHomeMovesTheUserRootAndTheStateDirectory() throws Exception {
    Path home = temp.resolve("home");
    write(home.resolve(".astrid/plugins/mine/Capsule.toml"), "[package]\nname = \"mine\"\nversion = \"1.0.0\"\n");
    Path astridHome = temp.resolve("elsewhere");
    write(astridHome.resolve("plugins/moved/Capsule.toml"), "[package]\nname = \"moved\"\nversion = \"2.0.0\"\n");
    Path workspace = Files.createDirectories(temp.resolve("workspace"));
    Map<String, String> environment = Map.of("HOME", home.toString(), "ASTRID_HOME", astridHome.toString());

    Run list = capsule(workspace, environment, "list");
    assertEquals(List.of(List.of("moved", "2.0.0", "-", astridHome.resolve("plugins/moved").toString(), "package")),
        list.out().stream().skip(1).map(row -> List.of(row.split(" {2,}"))).toList(), list.err().toString());

    Run inspect = capsule(workspace, environment, "inspect", "moved");
    assertEquals("capsule:   moved 2.0.0", inspect.out().getFirst(), inspect.err().toString());
    assertTrue(Files.exists(astridHome.resolve("state/runtime.lock")), "the state directory is $ASTRID_HOME/state");
    assertFalse(Files.exists(home.resolve(".astrid/state")), "nothing is written under $HOME/.astrid");
  }

  /** A root with a copy of the static example and a capsule running the everything server from npm. */
  private Path dockingRoot() throws IOException {
    return dockingRoot(temp.resolve("docking"));
  }

  private static Path dockingRoot(Path root) throws IOException {
    CapsuleCli.copyExample("hello-static", root.resolve("hello-static"));
    write(root.resolve("everything/Capsule.toml"), TestCapsules.everythingManifest() + """

        # No [component]: the cron engine publishes the action on the IPC bus.
        [[cron]]
        name = "heartbeat"
        schedule = "@hourly"
        action = "everything.heartbeat"
        """);
    return root;
  }

  @Test
  void inspectShowsALoadedCapsuleWithItsEnginesAndContent() throws Exception {
    Path root = docking;
    Run run = inDockingRuntime("inspect", "hello-static", "--root", root.toString());

    assertEquals(List.of(
        "capsule:   hello-static 0.1.0",
        "directory: " + root.resolve("hello-static"),
        "state:     READY",
        "engines:   static",
        "layer:     none",
        "capabilities:",
        "  net: none",
        "  kv: none",
        "  fs_read: none",
        "  fs_write: none",
        "  host_process: none",
        "  intercept: none (its interceptors see only its own calls)",
        "  jvm: false",
        "tools:",
        "context:",
        "  house-style (95 characters)",
        "skills:",
        "  greet: How to greet a new contributor",
        "commands:",
        "  /hello: Say hello",
        "cron:",
        "mcp servers:",
        "interceptors:"), run.out());
    assertEquals(0, run.exit(), run.err().toString());
  }

  @Test
  void issue20Finding4_inspectShowsWhichCapsulesCallsACapsuleMayIntercept() throws Exception {
    write(temp.resolve("capsules/overseer/Capsule.toml"), """
        [package]
        name = "overseer"
        version = "1.0.0"

        [capabilities]
        kv = ["cache"]
        intercept = ["notes", "github-agent"]
        """);
    Run run = capsule(temp, "inspect", "overseer", "--root", temp.resolve("capsules").toString());

    assertEquals(List.of(
        "capabilities:",
        "  net: none",
        "  kv: cache",
        "  fs_read: none",
        "  fs_write: none",
        "  host_process: none",
        "  intercept: notes, github-agent (its interceptors see these capsules' calls and its own)",
        "  jvm: false"),
        run.out().subList(5, 13));
    assertEquals(0, run.exit(), run.err().toString());
  }

  @Test
  void inspectOfAnUnknownCapsuleFails() throws Exception {
    // Not the examples: headless, their JVM capsule's refusal would be logged on stderr too (issue 15).
    Path root = docking;
    Run run = inDockingRuntime("inspect", "nothing-here", "--root", root.toString());

    assertEquals(List.of("capsule: no capsule [nothing-here] under [" + root + "]"),
        withoutCapsuleLogs(run.err(), "everything"));
    assertEquals(1, run.exit());
  }

  @Test
  void toolsListsTheMcpServersToolsAndCallRunsOneThroughThePipeline() throws Exception {
    Path root = docking;
    Run tools = inDockingRuntime("tools", "--json", "--root", root.toString());
    String listing = String.join("\n", tools.out());
    assertTrue(listing.startsWith("[ {") && listing.contains("\"name\" : \"capsule:everything:echo\""), listing);
    assertEquals(0, tools.exit(), tools.err().toString());

    Run echo = inDockingRuntime("call", "capsule:everything:echo", "{\"message\": \"hi from the shell\"}", "--root",
        root.toString());
    assertEquals(List.of("Echo: hi from the shell"), echo.out());
    assertEquals(0, echo.exit(), echo.err().toString());

    Run invalid = inDockingRuntime("call", "capsule:everything:echo", "{}", "--root", root.toString());
    assertEquals(List.of("invalid arguments for tool [capsule:everything:echo]: required property 'message' not"
        + " found"), withoutCapsuleLogs(invalid.err(), "everything"));
    assertEquals(3, invalid.exit(), "a tool that returns an error failed");

    Run unknown = inDockingRuntime("call", "capsule:hello-static:greet", "{}", "--root", root.toString());
    assertEquals(List.of("unknown tool [capsule:hello-static:greet]"),
        withoutCapsuleLogs(unknown.err(), "everything"));
    assertEquals(1, unknown.exit());
  }

  @Test
  void webAssemblyGuestsAreCompiledAndWithoutTheCompilerTheUserIsToldHowToEnableIt() throws Exception {
    Path root = temp.resolve("capsules");
    ProbeCapsule.writeTo(root.resolve("probe"));
    String warning = "WebAssembly guests run in the interpreter";
    String[] call = {"call", "capsule:probe:lookup", "{\"q\": \"otters\"}", "--root", root.toString()};

    Run compiled = capsule(temp, call);
    assertEquals(List.of("{\"name\":\"lookup\",\"arguments\":{\"q\":\"otters\"}}"), compiled.out(),
        compiled.err().toString());
    assertTrue(compiled.err().stream().noneMatch(line -> line.contains(warning)), compiled.err().toString());

    // JVMCI off (options in CAPSULE_JAVA_OPTS come last and win): Truffle has no compiler to use.
    Run interpreted = capsule(temp, List.of("-XX:-EnableJVMCI"), call);
    assertEquals(compiled.out(), interpreted.out(), interpreted.err().toString());
    assertEquals(1, interpreted.err().stream().filter(line -> line.contains(warning)
        && line.contains("-XX:+EnableJVMCI")).count(), interpreted.err().toString());
  }

  @Test
  void invokeCallsAnyExportByNameAndTheNotesExampleWorksInTheCurrentDirectory() throws Exception {
    Path root = temp.resolve("capsules");
    ProbeCapsule.writeTo(root.resolve("probe"));
    Run echo = capsule(temp, "invoke", "probe", "echo", "bytes in, bytes out", "--root", root.toString());
    assertEquals(List.of("bytes in, bytes out"), echo.out(), echo.err().toString());
    Run missing = capsule(temp, "invoke", "probe", "nothing", "--root", root.toString());
    assertEquals(List.of("capsule invoke: export [nothing] of capsule [probe] failed: the plugin has no export"
        + " [nothing]"), missing.err());
    assertEquals(3, missing.exit(), "issue 19: a call of an installed capsule that fails exits 3");

    Path workspace = Files.createDirectories(temp.resolve("workspace"));
    Run save = capsule(workspace, "call", "capsule:notes:note_save", "{\"name\": \"todo\", \"text\": \"- ship\"}",
        "--root", EXAMPLES.toString());
    assertEquals(List.of("saved notes/todo.md"), save.out(), save.err().toString());
    assertEquals("- ship", Files.readString(workspace.resolve("notes/todo.md")));
  }

  @Test
  void callRefusesArgumentsThatAreNotAJsonObject() throws Exception {
    Run run = capsule(temp, "call", "capsule:x:y", "[1, 2]");

    assertEquals("JSON arguments must be an object, such as {\"text\": \"hi\"}", run.err().getFirst());
    assertEquals(2, run.exit());
    Run broken = capsule(temp, "call", "capsule:x:y", "{oops");
    assertTrue(broken.err().getFirst().startsWith("JSON arguments are not valid JSON: "), broken.err().toString());
    assertEquals(2, broken.exit());
  }

  @Test
  void runShowsTheStatusTableAndShutsDownCleanlyWhenTerminated() throws Exception {
    Path root = dockingRoot();
    ProcessBuilder builder = new ProcessBuilder(DISTRIBUTION.resolve("bin/capsule").toString(), "run",
        root.toString()).directory(temp.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CAPSULE_JAVA_OPTS", STATE_OPTION);
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    long serverPid;
    try (var reader = process.inputReader()) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
        if (line.equals("running; watching for changes; press Ctrl-C to stop")) {
          break;
        }
      }
      // The MCP server's node process; the runtime may have short-lived helpers of its own beside it.
      List<ProcessHandle> servers = process.descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/node") || c.equals("node")).orElse(false)).toList();
      assertEquals(1, servers.size(), "one MCP server process: " + servers);
      serverPid = servers.getFirst().pid();
      // A second runtime on the same state directory stops at once, naming the one that holds it (issue 14:
      // without --standalone, tools would run in the running runtime instead).
      Run second = capsule(temp, "tools", "--standalone", "--root", root.toString());
      assertEquals(4, second.exit(), second.err().toString());
      assertTrue(second.err().getLast().matches("capsule: the state directory .* is in use by another capsule runtime"
          + " \\(pid " + process.pid() + "\\); stop that one first, wait for it with --wait SECONDS, or give this"
          + " one a directory of its own with CAPSULE_JAVA_OPTS=-Dastrid.state.dir=DIR"), second.err().toString());
      process.destroy(); // SIGTERM: the shutdown hook unloads every capsule and stops the framework
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "capsule run stops within 30 s of SIGTERM");
    } finally {
      if (process.isAlive()) { // a failed assertion above: not left holding the state directory for the next test
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
    // Issue 19: one line per capsule as it settles, before the table (capsule logs are interleaved: same stream).
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("CAPSULE ")).findFirst().orElseThrow());
    assertTrue(lines.subList(0, header).contains("capsule everything: READY"), lines.toString());
    assertTrue(lines.subList(0, header).contains("capsule hello-static: READY"), lines.toString());
    List<List<String>> table = lines.subList(header, header + 3).stream().map(row -> List.of(row.split(" {2,}")))
        .toList();
    assertEquals(List.of("CAPSULE", "VERSION", "STATE", "ENGINES", "TOOLS"), table.get(0));
    assertEquals(List.of("everything", "1.0.0", "READY", "static, mcp, cron"), table.get(1).subList(0, 4));
    assertTrue(Integer.parseInt(table.get(1).get(4)) >= 10, table.get(1).toString());
    assertEquals(List.of("hello-static", "0.1.0", "READY", "static", "0"), table.get(2));
    assertEquals(143, process.exitValue(), "terminated by SIGTERM after a clean shutdown");
    // Gone, or a zombie about to be reaped by init: not running, at any rate, within a few seconds.
    Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
    if (server.isPresent()) {
      server.get().onExit().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutASubcommandItPrintsUsageAndExitsTwo() throws Exception {
    Run run = capsule(temp);

    assertEquals("capsule: a subcommand is required", run.err().getFirst());
    assertTrue(run.err().contains("Usage: capsule [-hqVv] [--log-level=LEVEL] [COMMAND]"), run.err().toString());
    assertEquals(2, run.exit());
  }

  /** A root with one capsule running the MCP server whose tool list and results are hostile (bad-names-server.mjs). */
  private Path hostileServerRoot() throws IOException {
    Path root = temp.resolve("hostile-root");
    write(root.resolve("bad/Capsule.toml"), """
        [package]
        name = "bad"
        version = "1.0.0"

        [capabilities]
        host_process = ["node"]

        [[mcp_server]]
        id = "names"
        command = "node"
        args = ["%s"]
        """.formatted(Path.of(System.getProperty("mcp.test.servers")).resolve("bad-names-server.mjs")));
    return root;
  }

  @Test
  void finding6_badMcpToolNamesAreSkippedWithAWarningAndDescriptionsShownEscaped() throws Exception {
    Run tools = capsule(temp, "tools", "--root", hostileServerRoot().toString());

    assertEquals(List.of("capsule:bad:shout  says it \\u001b[31mloudly\\u001b[0m", "  {\"type\":\"object\"}"),
        tools.out().subList(0, 2));
    assertEquals("capsule:bad:wordy.tool-1", tools.out().get(2).split(" ")[0]);
    String rule = "] skipped: its name breaks the tool-name rule (letters, digits, '_', '-' and '.', at most 64"
        + " characters)";
    assertEquals(List.of(
        "mcp server [names]: tool [" + rule,
        "mcp server [names]: tool [two\\u000aWARN forged \\u001b]0;pwned\\u0007" + rule,
        "mcp server [names]: tool [" + "n".repeat(100) + "... (99900 more characters)" + rule,
        "mcp server [names]: tool [../../etc" + rule,
        "mcp server [names]: tool [42" + rule),
        tools.err().stream().filter(line -> line.contains(" skipped: "))
            // A capsule's MCP server's warnings are shown led by the capsule's name and level (issue 19).
            .map(line -> line.substring(line.indexOf("bad: WARN ") + "bad: WARN ".length())).toList());
    assertTrue(String.join("\n", tools.err()).indexOf('\u001b') < 0, tools.err().toString());
    assertEquals(0, tools.exit(), tools.err().toString());
  }

  @Test
  void finding6_aToolResultCannotSendEscapeSequencesToTheTerminalButReachesAPipeAsWritten() throws Exception {
    String root = hostileServerRoot().toString();

    Run piped = capsule(temp, "call", "capsule:bad:shout", "{}", "--root", root);
    assertEquals(List.of("line one", "\u001b]0;pwned\u0007\u001b[2Kline two"), piped.out(), piped.err().toString());

    Run onTerminal = capsuleOnTerminal(temp, "call", "capsule:bad:shout", "{}", "--root", root);
    assertTrue(onTerminal.out().containsAll(List.of("line one", "\\u001b]0;pwned\\u0007\\u001b[2Kline two\\u000d")),
        onTerminal.out().toString());
    assertTrue(String.join("\n", onTerminal.out()).indexOf('\u001b') < 0, onTerminal.out().toString());
    assertEquals(0, onTerminal.exit(), onTerminal.out().toString());
  }

  /** {@code err} less the lines capsule {@code id} logged (shown led by its name at the default level, issue 19). */
  private static List<String> withoutCapsuleLogs(List<String> err, String id) {
    return err.stream().filter(line -> !line.startsWith(id + ": ")).toList();
  }
}
