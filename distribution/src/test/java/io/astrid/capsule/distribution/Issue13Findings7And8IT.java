package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.RunningProcesses;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 through the assembled {@code bin/capsule}: the processes an MCP server leaves behind
 * after each way a runtime ends (finding 7), and a guest's log flood (finding 8).
 */
class Issue13Findings7And8IT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path SERVERS = Path.of(System.getProperty("mcp.test.servers"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String RUNNING = "running; watching for changes; press Ctrl-C to stop";

  @TempDir
  Path temp;

  private final String tag = "issue13-" + UUID.randomUUID();

  record Run(int exit, List<String> out, List<String> err) {}

  @Test
  void finding7_aCallLeavesNoProcessOfItsServerBehind() throws Exception {
    Run call = capsule("call", "capsule:daemon:hello", "{}", "--root", daemonRoot().toString());

    assertEquals(0, call.exit(), call.err().toString());
    assertEquals(0, RunningProcesses.carrying(tag), "processes left after capsule call exited");
  }

  @Test
  void finding7_sigtermOfRunLeavesNoProcessBehind() throws Exception {
    Process run = run(daemonRoot());
    try {
      // the server, its child, and the grandchild it double-forked out of its group
      RunningProcesses.awaitCarrying(tag, 3, TIMEOUT);
      run.destroy();
      assertTrue(run.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "capsule run stops after SIGTERM");
    } finally {
      run.destroyForcibly();
    }
    assertEquals(0, RunningProcesses.carrying(tag), "processes left after SIGTERM of capsule run");
  }

  @Test
  void finding7_whatASigkilledRuntimeLeftIsEndedByTheNextStart() throws Exception {
    Process run = run(daemonRoot());
    try {
      RunningProcesses.awaitCarrying(tag, 3, TIMEOUT);
      run.destroyForcibly(); // SIGKILL: no shutdown hook, nothing of the runtime's runs
      assertTrue(run.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    } finally {
      run.destroyForcibly();
    }
    long orphans = RunningProcesses.carrying(tag);
    assertTrue(orphans >= 1, "the daemon outlives a SIGKILLed runtime: " + orphans);

    Run next = capsule("tools", "--root", Files.createDirectories(temp.resolve("empty")).toString());

    assertEquals(0, next.exit(), next.err().toString());
    assertEquals(0, RunningProcesses.carrying(tag), "processes left after the next start");
    assertTrue(next.err().stream().anyMatch(line -> line.matches(".* ended " + orphans + " processes of process"
        + " group \\d+ left running by a previous runtime \\(mcp server \\[daemon] of capsule \\[daemon]\\)")),
        next.err().toString());
  }

  @Test
  void finding8_aGuestsLogFloodIsCutToTheCapsulesRateSayingHowManyLinesWereDroppedAndTheLogRolls() throws Exception {
    TestCapsules.wasmCapsule(temp.resolve("root/flood"), TestCapsules.wasmFixture("plugins/log_flood.wasm"), "flood",
        "");
    long started = System.nanoTime();
    Run run = capsule(List.of("-Dcapsule.log.max.bytes=16384", "-Dcapsule.log.files=2"), "invoke", "flood",
        "log_flood", "", "--root", temp.resolve("root").toString());
    double seconds = (System.nanoTime() - started) / 1e9;

    assertEquals(List.of("flooded"), run.out(), run.err().toString());
    // On the console with the capsule's name (issue 19): "flood: WARN flood line".
    long logged = run.err().stream().filter(line -> line.equals("flood: WARN flood line")).count();
    Pattern report = Pattern.compile("flood: WARN capsule \\[flood]: (\\d+) log lines dropped");
    List<Long> dropped = run.err().stream().map(report::matcher).filter(Matcher::matches)
        .map(m -> Long.parseLong(m.group(1))).toList();
    // The default rate: a burst of 1000, then 100 a second, for as long as the command ran.
    assertTrue(logged >= 1000 && logged <= 1000 + 100 * (seconds + 1), logged + " lines in " + seconds + " s");
    assertTrue(!dropped.isEmpty(), "the drops are reported");
    long total = logged + dropped.stream().mapToLong(Long::longValue).sum();
    assertTrue(total <= 20_000 && total > 15_000, "logged and reported dropped: " + total);
    // The runtime log rolled at its cap, two rolled files kept, the newest lines in runtime.log.
    Path logs = temp.resolve("state/logs");
    try (Stream<Path> files = Files.list(logs)) {
      assertEquals(List.of("runtime.log", "runtime.log.1", "runtime.log.2"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    String newerStarts = "9";
    for (String name : List.of("runtime.log", "runtime.log.1", "runtime.log.2")) {
      long size = Files.size(logs.resolve(name));
      assertTrue(size <= 16384 + 200, name + " has " + size + " bytes"); // the line that crossed the cap
      List<String> lines = Files.readAllLines(logs.resolve(name));
      // ISO times: each file ends no later than the newer one begins.
      assertTrue(lines.getLast().compareTo(newerStarts) <= 0, name + " ends after its successor begins");
      newerStarts = lines.getFirst();
    }
  }

  private Path daemonRoot() throws IOException {
    Path daemon = Files.createDirectories(temp.resolve("daemons/daemon"));
    Files.writeString(daemon.resolve("Capsule.toml"), """
        [package]
        name = "daemon"
        version = "1.0.0"

        [capabilities]
        host_process = ["node"]

        [[mcp_server]]
        id = "daemon"
        command = "node"
        args = ["%s", "%s"]
        """.formatted(SERVERS.resolve("daemon-server.mjs"), tag));
    return daemon.getParent();
  }

  private ProcessBuilder builder(List<String> javaOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(DISTRIBUTION.resolve("bin/capsule").toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + temp.resolve("state") + " "
        + String.join(" ", javaOptions));
    return builder;
  }

  private Run capsule(String... args) throws Exception {
    return capsule(List.of(), args);
  }

  /** Runs bin/capsule with this JVM's Java, its state in the test's directory, extra JVM options. */
  private Run capsule(List<String> javaOptions, String... args) throws Exception {
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    Process process = builder(javaOptions, List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("capsule " + List.of(args) + " did not finish within " + TIMEOUT);
    }
    return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
        Files.readAllLines(err, StandardCharsets.UTF_8));
  }

  /** {@code capsule run ROOT}, once it serves. */
  private Process run(Path root) throws Exception {
    Process process = builder(List.of(), List.of("run", root.toString())).redirectErrorStream(true).start();
    var reader = process.inputReader();
    for (String line = reader.readLine(); !RUNNING.equals(line); line = reader.readLine()) {
      if (line == null) {
        throw new AssertionError("capsule run ended before it served (exit " + process.waitFor() + ")");
      }
    }
    Thread.ofVirtual().start(() -> reader.lines().forEach(line -> { })); // drained: a full pipe would block it
    return process;
  }

}
