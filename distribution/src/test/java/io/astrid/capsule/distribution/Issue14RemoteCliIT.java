package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 14 and 19: while {@code capsule run} serves, {@code call}, {@code tools}, {@code inspect} and
 * {@code invoke} run in it, through its command endpoint, instead of being refused for the state
 * directory; what they print on standard output and their exit status are the same as on their own.
 * {@code --standalone} still starts a runtime of its own (and is refused while the other holds the
 * state directory), and the {@code gateway.json} of a runtime that was killed is not trusted.
 */
class Issue14RemoteCliIT {
  private static final String SECURITY = "io.astrid.capsule.security.cfg";

  @TempDir
  Path temp;

  private Path root;
  private Map<String, String> environment;

  @BeforeEach
  void capsules() throws Exception {
    root = Files.createDirectories(temp.resolve("capsules"));
    CapsuleCli.copyExample("notes", root.resolve("notes"));
    CapsuleCli.brokenWasm(root.resolve("broken"));
    // Saving a note asks a human; no one is there (no terminal), so it is denied, both ways.
    CapsuleCli.write(temp.resolve(".astrid/conf/" + SECURITY), "approval.fs_write = ask\n");
    // The state and conf/ of the GatewayRuntime started in temp, for the one-shot commands too.
    environment = Map.of("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + temp.resolve("state")
        + " -Dcapsule.conf=" + temp.resolve("conf"));
  }

  /**
   * One runtime for both halves (it used to be started for each): first the commands print and exit as on
   * their own, then what it refuses, and last it is killed.
   */
  @Test
  void oneShotCommandsPrintTheSameInTheRunningRuntimeWhichRefusesStandaloneAndOtherRootsAndIsNotTrustedOnceKilled()
      throws Exception {
    try (GatewayRuntime runtime = oneShotCommandsPrintTheSameAndExitTheSameInTheRunningRuntime()) {
      standaloneIsRefusedWhileRunningOtherRootsAreRefusedAndAKilledRuntimesFileIsNotTrusted(runtime);
    }
  }

  /** Runs each command on its own, then starts the runtime and runs them in it; returns the runtime, serving. */
  private GatewayRuntime oneShotCommandsPrintTheSameAndExitTheSameInTheRunningRuntime() throws Exception {
    String r = root.toString();
    List<String[]> commands = List.of(
        new String[] {"tools", "-r", r},
        new String[] {"tools", "--json", "-r", r},
        new String[] {"inspect", "broken", "-r", r},
        new String[] {"inspect", "notes", "--json", "-r", r},
        new String[] {"inspect", "nots", "-r", r},
        new String[] {"call", "capsule:broken:lookup", "{}", "-r", r},
        new String[] {"call", "capsule:notes:note_lst", "{}", "-r", r},
        new String[] {"call", "capsule:notes:note_read", "{\"name\": \"beavers\"}", "-r", r},
        new String[] {"call", "capsule:notes:note_save", "{\"name\": \"otters\", \"text\": \"hi\"}", "--json", "-r", r},
        new String[] {"call", "capsule:notes:note_list", "{}", "-r", r},
        new String[] {"invoke", "notes", "astrid_tool_call", "{\"name\":\"note_list\",\"arguments\":{}}", "-r", r},
        new String[] {"invoke", "notes", "no_such_export", "", "--json", "-r", r});
    List<CapsuleCli.Run> standalone = new ArrayList<>();
    for (String[] command : commands) {
      standalone.add(CapsuleCli.capsule(temp, environment, command));
    }
    // What the cases are about, so that two identical wrong answers do not pass.
    assertEquals(List.of(3, 3, 3, 0, 1, 3, 1, 3, 3, 0, 0, 3), standalone.stream().map(CapsuleCli.Run::exit).toList(),
        () -> "standalone: " + standalone);
    assertTrue(standalone.get(6).err().getLast().contains("did you mean \"capsule:notes:note_list\"?"),
        standalone.get(6)::toString);
    assertTrue(String.join("\n", standalone.get(8).out()).contains("approval.fs_write=ask"),
        standalone.get(8)::toString);
    GatewayRuntime runtime = GatewayRuntime.start(temp, root);
    try {
      for (int i = 0; i < commands.size(); i++) {
        CapsuleCli.Run remote = CapsuleCli.capsule(temp, environment, commands.get(i));
        String which = String.join(" ", commands.get(i)) + ": standalone " + standalone.get(i) + ", remote " + remote;
        assertEquals(standalone.get(i).exit(), remote.exit(), which);
        assertEquals(standalone.get(i).out(), remote.out(), which);
        // What the command says is the same; the runtime's own log lines go to the log of the runtime that ran it.
        assertEquals(CapsuleCli.withoutLog(standalone.get(i).err()), remote.err(), which);
      }
      assertTrue(runtime.isAlive());
      return runtime;
    } catch (Exception | AssertionError e) {
      runtime.close();
      throw e;
    }
  }

  private void standaloneIsRefusedWhileRunningOtherRootsAreRefusedAndAKilledRuntimesFileIsNotTrusted(
      GatewayRuntime runtime) throws Exception {
    String r = root.toString();
    CapsuleCli.Run standalone = CapsuleCli.capsule(temp, environment, "tools", "--standalone", "-r", r);
    assertEquals(4, standalone.exit(), standalone::toString);
    assertTrue(standalone.err().getFirst().startsWith("capsule: the state directory " + temp.resolve("state")
        + " is in use by another capsule runtime (pid "), standalone::toString);

    Path other = Files.createDirectories(temp.resolve("other"));
    CapsuleCli.Run otherRoots = CapsuleCli.capsule(temp, environment, "tools", "-r", other.toString());
    assertEquals(4, otherRoots.exit(), otherRoots::toString);
    assertEquals(List.of("capsule: the running runtime (pid " + runtime.pid() + ") serves the roots [" + r
        + "], not [" + other + "]: name the same roots, or stop it and run this with --standalone"),
        otherRoots.err());
    // A usage error wins over the roots, as it does in a runtime of the command's own: exit 2, picocli's words.
    CapsuleCli.Run usage = CapsuleCli.capsule(temp, environment, "call", "--no-such-option", "-r", other.toString());
    CapsuleCli.Run usageStandalone = CapsuleCli.capsule(temp, environment, "call", "--no-such-option", "-r",
        other.toString(), "--standalone");
    assertEquals(2, usage.exit(), usage::toString);
    assertEquals("Missing required parameters: 'TOOL', 'JSON'", usage.err().getFirst(), usage::toString);
    assertEquals(usageStandalone.exit(), usage.exit(), usageStandalone::toString);
    assertEquals(usageStandalone.err(), usage.err());

    // -q, -vv and --log-level are the client's: the runtime's levels stay those its command line set.
    Map<String, String> levels = Map.of("capsule.log.stderr.level", "WARN", "capsule.log.capsules.level", "INFO",
        "capsule.log.level", "INFO", "capsule.log.root.level", "INFO", "capsule.log.load.stderr.level", "OFF");
    assertEquals(levels, logLevels(runtime));
    CapsuleCli.Run quiet = CapsuleCli.capsule(temp, environment, "call", "capsule:notes:note_list", "{}", "-q",
        "-r", r);
    assertEquals(List.of(0, List.of("[]")), List.of(quiet.exit(), quiet.out()), quiet::toString);
    CapsuleCli.Run verbose = CapsuleCli.capsule(temp, environment, "tools", "-vv", "-r", r);
    assertEquals(3, verbose.exit(), verbose::toString);
    CapsuleCli.Run traced = CapsuleCli.capsule(temp, environment, "inspect", "notes", "--log-level", "trace", "-r", r);
    assertEquals(0, traced.exit(), traced::toString);
    assertEquals(levels, logLevels(runtime));

    // The command endpoint needs the token even on loopback, and runs only the one-shot commands.
    Path endpoint = temp.resolve("state/gateway.json");
    JsonNode written = new ObjectMapper().readTree(endpoint.toFile());
    URI commands = runtime.url().resolve("/admin/command");
    String listing = "{\"arguments\": [\"list\"], \"roots\": [\"" + r + "\"], \"input\": \"\","
        + " \"terminal\": false}";
    RawHttp.Response noToken = RawHttp.post(commands, listing);
    assertEquals(401, noToken.status(), noToken::toString);
    assertEquals("{\"error\":\"authorization failed: this endpoint needs the bearer token of gateway.json in the"
        + " state directory\"}", noToken.body());
    RawHttp.Response list = RawHttp.post(commands, listing, "Authorization: Bearer "
        + written.path("token").asText());
    assertEquals(200, list.status(), list::toString);
    JsonNode refused = new ObjectMapper().readTree(list.body());
    assertEquals(2, refused.path("exitCode").asInt());
    assertEquals("capsule: the running runtime runs only call, tools, inspect, invoke, llm, command, install,"
        + " update, remove, env and uplink for other processes\n",
        new String(Base64.getDecoder().decode(refused.path("err").asText()), StandardCharsets.UTF_8));
    assertTrue(Files.isDirectory(root.resolve("notes")));

    long pid = written.path("pid").asLong();
    assertEquals(runtime.pid(), pid);
    ProcessHandle killed = ProcessHandle.of(pid).orElseThrow();
    killed.destroyForcibly(); // SIGKILL: no shutdown hook removes gateway.json
    killed.onExit().get(60, TimeUnit.SECONDS);
    assertTrue(Files.exists(endpoint), "a killed runtime leaves its gateway.json behind");
    CapsuleCli.Run afterKill = CapsuleCli.capsule(temp, environment, "tools", "-r", r);
    assertEquals(3, afterKill.exit(), afterKill::toString);
    assertTrue(afterKill.out().getFirst().startsWith("capsule:notes:note_list  "), afterKill::toString);
  }

  /** The levels of the runtime's Logback configuration (conf/logback.xml reads them), as its JVM has them now. */
  private static Map<String, String> logLevels(GatewayRuntime runtime) throws Exception {
    Map<String, String> levels = new TreeMap<>(runtime.systemProperties("capsule.log."));
    levels.remove("capsule.log.directory");
    return levels;
  }
}
