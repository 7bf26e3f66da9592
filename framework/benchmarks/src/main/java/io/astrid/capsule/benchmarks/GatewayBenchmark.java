package io.astrid.capsule.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Issue 14's gateway benchmark, {@code ./build bench gateway}: one client, the TypeScript MCP SDK's
 * over Streamable HTTP ({@code bench-mcp-http-client.mjs}), drives in the same run (a) our gateway,
 * served by the assembled {@code bin/capsule run} on a fixture capsule whose tool is a trivial wasm
 * echo, and (b) the SDK's own Streamable HTTP server (server-everything's {@code echo}), with 1, 8
 * and 64 clients at once: p50 and p99 latency of {@code tools/call} and calls per second, and our
 * ratio to the peer. Then the wall clock of {@code capsule call} against the running runtime beside
 * today's standalone {@code capsule call}, which starts a runtime of its own.
 *
 * <p>Not JMH: the client is a Node process, and both servers are timed by it the same way, in turns:
 * after each server's warm-up, short rounds alternate between them (A B, B A...), so that the shared
 * machine's changing load weighs on both alike; each round's p50 ratio is printed with the row, its
 * spread saying how far one figure can be trusted. Settings are system properties after
 * {@code gateway}: {@code gateway.bench.clients} (default 1,8,64), {@code gateway.bench.warmup.ms}
 * (5000 per server and row at least, then until its p50 is steady: {@code gateway.bench.warmup.window.ms}
 * 1000, {@code gateway.bench.warmup.max.ms} 60000), {@code gateway.bench.rounds} (10 per server and row),
 * {@code gateway.bench.round.ms} (1000), {@code gateway.bench.cli.runs} (9 of each
 * {@code capsule call}), and {@code gateway.bench.ours.url}
 * with {@code gateway.bench.ours.tool} to drive an endpoint already serving instead of starting
 * {@code bin/capsule run} (so the harness can be tried against server-everything on both sides).
 */
public final class GatewayBenchmark {
  private static final Path DISTRIBUTION = Path.of("distribution/target/capsule");
  private static final Path CLIENT_CACHE = DISTRIBUTION.resolve("lib/client.aot");
  private static final Path PLUGINS = Path.of("bundles/engine-wasm/src/test/plugins");
  private static final Path NODE = Path.of("framework/benchmarks/src/main/node");
  private static final Path EVERYTHING = NODE.resolve(
      "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Map<String, Object> ARGUMENTS = Map.of("message", "ping");
  /**
   * The fixture: host-functions.wasm (built from its committed C source) answers a tool call with
   * the call's own request, which is all a trivial tool does.
   */
  private static final String FIXTURE = """
      [package]
      name = "bench"
      version = "1.0.0"

      [component]
      entrypoint = "echo.wasm"

      [[tool]]
      name = "echo"
      description = "Answers with its request"
      input_schema = { type = "object", properties = { message = { type = "string" } } }
      """;
  /** The gateway's configuration PID and port key, to keep the benchmark off the default port 7411. */
  private static final String GATEWAY_PID = "io.astrid.capsule.gateway";

  /** An MCP endpoint and the tool the client calls there. */
  private record Target(String name, String url, Optional<String> token, String tool) {}

  private GatewayBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (!Files.exists(EVERYTHING)) {
      throw new IllegalStateException("server-everything missing [" + EVERYTHING + "]: run ./build bench gateway"
          + " (it runs npm ci in " + NODE + ")");
    }
    // The machine is shared: what else ran beside the benchmark is part of its figures.
    double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Path temp = Files.createTempDirectory("capsule-bench-gateway");
    List<Process> started = new ArrayList<>();
    try {
      Target peer = startPeer(temp, started);
      Path root = fixture(temp);
      Path state = temp.resolve("state");
      Optional<String> overridden = Optional.ofNullable(System.getProperty("gateway.bench.ours.url"));
      Target ours = overridden.isPresent()
          ? new Target("ours", overridden.get(), Optional.empty(),
              System.getProperty("gateway.bench.ours.tool", "echo"))
          : startOurs(temp, root, state, started).orElse(null);
      List<Target> targets = ours == null ? List.of(peer) : List.of(ours, peer);
      JsonNode results = drive(targets);
      printLatency(results, ours);
      if (overridden.isEmpty()) {
        printCliCalls(temp, root, state);
      }
      System.out.printf("%nload average (1 min): %.2f at the start, %.2f at the end (%d cores)%n", loadAtStart,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
    } finally {
      for (Process process : started.reversed()) {
        stop(process);
      }
      SampleCapsules.delete(temp);
    }
  }

  /** server-everything in its Streamable HTTP mode on a free loopback port; its per-request log is dropped. */
  private static Target startPeer(Path temp, List<Process> started) throws IOException {
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder("node", EVERYTHING.toAbsolutePath().toString(), "streamableHttp")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(temp.resolve("peer-err.txt").toFile());
    builder.environment().put("PORT", Integer.toString(port));
    Process peer = builder.start();
    started.add(peer);
    await("server-everything on port " + port, peer, temp.resolve("peer-err.txt"), () -> accepts(port));
    return new Target("peer", "http://127.0.0.1:" + port + "/mcp", Optional.empty(), "echo");
  }

  /**
   * {@code bin/capsule run} on the fixture, and the endpoint it writes to {@code gateway.json} in the
   * state directory; empty (after saying why) when the distribution has no gateway.
   */
  private static Optional<Target> startOurs(Path temp, Path root, Path state, List<Process> started)
      throws IOException {
    boolean hasGateway;
    try (Stream<Path> bundles = Files.list(DISTRIBUTION.resolve("bundles"))) {
      hasGateway = bundles.anyMatch(jar -> jar.getFileName().toString().startsWith("capsule-gateway"));
    }
    Path conf = Files.createDirectories(temp.resolve("conf"));
    try (Stream<Path> shipped = Files.list(DISTRIBUTION.resolve("conf"))) {
      for (Path file : shipped.toList()) {
        Files.copy(file, conf.resolve(file.getFileName()));
      }
    }
    // Appended to the shipped file, if any: of a key given twice in a properties file the last counts.
    Files.writeString(conf.resolve(GATEWAY_PID + ".cfg"), "\ngateway.http.port = " + freePort() + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Process run = capsule(temp, state, conf, "run", List.of(root.toString()), temp.resolve("run-out.txt"),
        temp.resolve("run-err.txt"));
    started.add(run);
    Path endpoint = state.resolve("gateway.json");
    if (!hasGateway) {
      await("capsule run", run, temp.resolve("run-err.txt"), () -> said(temp.resolve("run-out.txt"), "running;"));
      System.out.println("ours: not measured: the distribution has no gateway bundle ("
          + DISTRIBUTION.resolve("bundles") + " has no capsule-gateway jar), so capsule run serves no MCP endpoint");
      return Optional.empty();
    }
    await("capsule run's " + endpoint, run, temp.resolve("run-err.txt"), () -> Files.exists(endpoint));
    JsonNode written = JSON.readTree(endpoint.toFile());
    return Optional.of(new Target("ours", written.get("url").asText(),
        Optional.ofNullable(written.get("token")).map(JsonNode::asText),
        System.getProperty("gateway.bench.ours.tool", "bench_echo")));
  }

  /** The fixture capsule in a root of its own. */
  private static Path fixture(Path temp) throws IOException {
    Path capsule = Files.createDirectories(temp.resolve("root/bench"));
    Files.writeString(capsule.resolve("Capsule.toml"), FIXTURE);
    Files.copy(PLUGINS.resolve("host-functions.wasm"), capsule.resolve("echo.wasm"));
    return temp.resolve("root");
  }

  /** Runs the Node client over every target in the same run; its results by target name. */
  private static JsonNode drive(List<Target> targets) throws Exception {
    ObjectNode plan = JSON.createObjectNode();
    plan.put("warmupMs", Long.getLong("gateway.bench.warmup.ms", 5000));
    plan.put("warmupWindowMs", Long.getLong("gateway.bench.warmup.window.ms", 1000));
    plan.put("warmupMaxMs", Long.getLong("gateway.bench.warmup.max.ms", 60_000));
    plan.put("rounds", Integer.getInteger("gateway.bench.rounds", 10));
    plan.put("roundMs", Long.getLong("gateway.bench.round.ms", 1000));
    plan.put("maxCallsPerClient", 1_000_000);
    ArrayNode clients = plan.putArray("clients");
    Arrays.stream(System.getProperty("gateway.bench.clients", "1,8,64").split(","))
        .map(String::strip).map(Integer::valueOf).forEach(clients::add);
    ArrayNode list = plan.putArray("targets");
    for (Target target : targets) {
      ObjectNode node = list.addObject().put("name", target.name()).put("url", target.url()).put("tool", target.tool());
      node.put("token", target.token().orElse(null));
      node.set("arguments", JSON.valueToTree(ARGUMENTS));
    }
    Process client = new ProcessBuilder("node", "bench-mcp-http-client.mjs").directory(NODE.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (OutputStream in = client.getOutputStream()) {
      in.write(JSON.writeValueAsBytes(plan));
    }
    String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (client.waitFor() != 0) {
      throw new IllegalStateException("the MCP client failed [exit " + client.exitValue() + "]: " + output);
    }
    JsonNode results = JSON.readTree(output);
    for (Target target : targets) {
      for (JsonNode row : results.get(target.name())) {
        if (row.get("errors").asInt() > 0) {
          throw new IllegalStateException(target.name() + " answered " + row.get("errors").asInt() + " calls with"
              + " errors [" + target.url() + " " + target.tool() + "]: " + row.get("firstError").asText());
        }
      }
    }
    return results;
  }

  private static void printLatency(JsonNode results, Target ours) {
    System.out.println();
    System.out.println("tools/call over Streamable HTTP, the TypeScript SDK client (Node) driving both servers"
        + " in alternating rounds");
    System.out.println(ours == null ? "ours: not measured (see above)"
        : "ours: " + ours.url() + " tool " + ours.tool() + ", answered \"" + sample(results.get("ours")) + "\"");
    System.out.println("peer: server-everything (streamableHttp) tool echo, answered \"" + sample(results.get("peer"))
        + "\"");
    System.out.println();
    System.out.println("| clients | ours p50 | ours p99 | ours calls/s | peer p50 | peer p99 | peer calls/s"
        + " | p50 ours/peer | calls/s ours/peer | p50 ours/peer per round: min, median, max | warm-up s ours, peer |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    JsonNode peerRows = results.get("peer");
    for (int i = 0; i < peerRows.size(); i++) {
      JsonNode peer = peerRows.get(i);
      JsonNode row = ours == null ? null : results.get("ours").get(i);
      System.out.printf("| %d | %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s |%n", peer.get("clients").asInt(),
          row == null ? "-" : micros(row.get("p50Us")), row == null ? "-" : micros(row.get("p99Us")),
          row == null ? "-" : "%.0f".formatted(row.get("callsPerSecond").asDouble()), micros(peer.get("p50Us")),
          micros(peer.get("p99Us")), peer.get("callsPerSecond").asDouble(),
          row == null ? "-" : "%.2fx".formatted(row.get("p50Us").asDouble() / peer.get("p50Us").asDouble()),
          row == null ? "-" : "%.2fx".formatted(row.get("callsPerSecond").asDouble()
              / peer.get("callsPerSecond").asDouble()),
          row == null ? "-" : roundRatios(row.get("roundP50Us"), peer.get("roundP50Us")),
          (row == null ? "-" : "%.0f".formatted(row.get("warmupSeconds").asDouble())) + ", "
              + "%.0f".formatted(peer.get("warmupSeconds").asDouble()));
    }
  }

  /** The p50 ratios of the rounds, ours to the peer's of the same round: the least, the median, the most. */
  private static String roundRatios(JsonNode ours, JsonNode peer) {
    double[] ratios = new double[Math.min(ours.size(), peer.size())];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = ours.get(i).asDouble() / peer.get(i).asDouble();
    }
    Arrays.sort(ratios);
    return ratios.length == 0 ? "-" : "%.2fx, %.2fx, %.2fx".formatted(ratios[0], ratios[ratios.length / 2],
        ratios[ratios.length - 1]);
  }

  /**
   * {@code capsule call} on the fixture's tool: with the running runtime's state directory (which
   * it should reach over the endpoint) and standalone with a state directory of its own; the median
   * wall clock of each, and what the last one said.
   */
  private static void printCliCalls(Path temp, Path root, Path state) throws Exception {
    int runs = Integer.getInteger("gateway.bench.cli.runs", 9);
    List<String> call = List.of("capsule:bench:echo", JSON.writeValueAsString(ARGUMENTS), "--root", root.toString());
    Path conf = temp.resolve("conf");
    // Not timed: the first call that reaches the runtime records the client's AOT cache, which bin/capsule
    // then assembles in the background (docs/cli.md); the timed calls map it, as every later call does.
    Process first = capsule(temp, state, conf, "call", call, temp.resolve("call-out.txt"),
        temp.resolve("call-err.txt"));
    await("the client's AOT cache " + CLIENT_CACHE, first, temp.resolve("call-err.txt"), () -> !first.isAlive()
        && Files.exists(CLIENT_CACHE), false);
    System.out.println();
    System.out.println("| capsule call, wall clock (median of " + runs + ") | ms | exit | said |");
    System.out.println("| --- | --- | --- | --- |");
    double running = cliRow("against the running runtime", temp, state, conf, call, runs);
    List<String> standalone = new ArrayList<>(call);
    standalone.add("--standalone");
    double own = cliRow("standalone (--standalone, a runtime of its own)", temp, temp.resolve("state-standalone"),
        conf, standalone, runs);
    System.out.printf("%ncapsule call against the running runtime: %.2fx the standalone wall clock (goal: under"
        + " 300 ms)%n", running / own);
  }

  /** One row of the table; the median wall clock in milliseconds. */
  private static double cliRow(String label, Path temp, Path state, Path conf, List<String> call, int runs)
      throws Exception {
    double[] millis = new double[runs];
    int exit = 0;
    Path out = temp.resolve("call-out.txt");
    Path err = temp.resolve("call-err.txt");
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Process process = capsule(temp, state, conf, "call", call, out, err);
      if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("capsule call did not end within " + START_TIMEOUT);
      }
      millis[i] = (System.nanoTime() - t0) / 1e6;
      exit = process.exitValue();
    }
    Arrays.sort(millis);
    List<String> lines = Files.readAllLines(exit == 0 ? out : err);
    String said = lines.isEmpty() ? "" : exit == 0 ? lines.getFirst() : lines.getLast();
    System.out.printf("| %s | %.0f | %d | %s |%n", label, millis[runs / 2], exit,
        (said.length() > 120 ? said.substring(0, 120) + "..." : said).replace("|", "\\|"));
    return millis[runs / 2];
  }

  /** {@code bin/capsule COMMAND ARGS}, in the JVM running this, with the given state and conf directories. */
  private static Process capsule(Path temp, Path state, Path conf, String command, List<String> args, Path out,
      Path err) throws IOException {
    List<String> line = new ArrayList<>();
    line.add(DISTRIBUTION.resolve("bin/capsule").toAbsolutePath().toString());
    line.add(command);
    line.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(line).directory(Files.createDirectories(temp.resolve("ws")).toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + state + " -Dcapsule.conf=" + conf);
    return builder.start();
  }

  /**
   * Waits until {@code ready}, checking every 50 ms while {@code process} runs.
   *
   * @throws IllegalStateException {@code WHAT did not start: why}, with the last line of its stderr
   */
  private static void await(String what, Process process, Path stderr, BooleanSupplier ready) throws IOException {
    await(what, process, stderr, ready, true);
  }

  /**
   * As {@link #await(String, Process, Path, BooleanSupplier)}; {@code mustRun}: whether its exit is a failure
   * (else what is awaited may come after it, from a process it left running).
   */
  private static void await(String what, Process process, Path stderr, BooleanSupplier ready, boolean mustRun)
      throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (!ready.getAsBoolean()) {
        if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
          if (mustRun) {
            throw new IllegalStateException(what + " did not start: it exited [" + process.exitValue() + "]: "
                + lastLine(stderr));
          }
          Thread.sleep(50); // the next look: what is awaited comes from a process of the one that ended
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(what + " did not start: not ready within " + START_TIMEOUT + ": "
              + lastLine(stderr));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " did not start: interrupted", e);
    }
  }

  private static String lastLine(Path file) throws IOException {
    List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    return lines.isEmpty() ? "(nothing on stderr)" : lines.getLast();
  }

  private static boolean said(Path file, String text) {
    try {
      return Files.exists(file) && Files.readString(file).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String micros(JsonNode value) {
    double us = value.asDouble();
    return us >= 10_000 ? "%.1f ms".formatted(us / 1000) : "%.0f µs".formatted(us);
  }

  private static String sample(JsonNode rows) {
    String text = rows.get(0).get("sample").asText();
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  /** SIGTERM (bin/capsule unloads its capsules on it), then a kill after 30 s. */
  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
