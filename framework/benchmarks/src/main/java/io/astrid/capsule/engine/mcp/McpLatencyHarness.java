package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.manifest.McpTransport;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Echo-tool latency (median of 1,000 calls after 2,000 warm-up calls) and spawn-to-ready time
 * (start, initialize, list the tools, resources, resource templates and prompts) of
 * server-everything, through our engine and through the TypeScript SDK client, in one run. Run with
 * {@code ./build bench mcp}. Not JMH: the peer is a Node process, so both sides are timed the same
 * plain way.
 *
 * <p>Like is compared with like: the rounds of the two sides alternate (the peer is driven one step
 * at a time), and which side goes first alternates too, so that a burst of load on the shared
 * machine falls on both; the first round of each side, the first spawn of its process (the JVM
 * loading and compiling the engine's classes, Node the SDK's first run), is reported apart and
 * kept out of the medians. The load average is printed with the figures, as the machine is shared.
 *
 * <p>The peer does the engine's work: it declares the client capabilities the engine declares (so
 * the server adds the same tools and asks for the roots) and lists what the engine lists. The SDK's
 * minimal client (no capabilities, the tools only) is timed too, each round after the peer's, and
 * shown on a row of its own.
 */
public final class McpLatencyHarness {
  static final int ROUNDS = 9;
  static final int WARMUP = 2000;
  static final int MEASURED = 1000;

  private McpLatencyHarness() {}

  /** One client of server-everything: each round it starts the server, calls echo and ends it. */
  private interface Side extends AutoCloseable {
    /** Starts the server; returns the milliseconds until it is initialized and its tools listed. */
    double spawn() throws Exception;

    /** The median microseconds of {@link #MEASURED} echo calls, after {@link #WARMUP} untimed ones. */
    double echo() throws Exception;

    /** Ends the server. */
    void end() throws Exception;
  }

  /** Figures of one side: the spawn of its first round apart, then one of each per measured round. */
  private static final class Figures {
    private double firstSpawn;
    private final List<Double> spawns = new ArrayList<>();
    private final List<Double> echoes = new ArrayList<>();

    void round(Side side, boolean measured) throws Exception {
      double spawn = side.spawn();
      double echo = side.echo();
      side.end();
      if (measured) {
        spawns.add(spawn);
        echoes.add(echo);
      } else {
        firstSpawn = spawn;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Path servers = Path.of(System.getProperty("mcp.test.servers", "bundles/engine-mcp/src/test/node"))
        .toAbsolutePath();
    Path everything = servers.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    if (!Files.exists(everything)) {
      throw new IllegalStateException("no test servers at " + servers + ": run ./build test once (it runs npm ci)");
    }
    String loadBefore = loadAverage();
    Figures ours = new Figures();
    Figures peer = new Figures();
    List<Double> toolsOnly = new ArrayList<>();
    try (Side engine = new Ours(everything); Peer client = new Peer(servers, everything)) {
      for (int round = 0; round <= ROUNDS; round++) {
        boolean oursFirst = round % 2 == 0;
        (oursFirst ? ours : peer).round(oursFirst ? engine : client, round > 0);
        (oursFirst ? peer : ours).round(oursFirst ? client : engine, round > 0);
        double minimal = client.spawnToolsOnly();
        if (round > 0) {
          toolsOnly.add(minimal);
        }
      }
    }
    System.out.println();
    System.out.printf("MCP, server-everything over stdio: %d rounds per side after a first one, alternating;"
        + " load average (1 min) %s at the start, %s at the end%n", ROUNDS, loadBefore, loadAverage());
    System.out.printf("%-38s %-24s %-24s %s%n", "", "ours", "TypeScript SDK", "ours/peer");
    row("echo latency, median of " + MEASURED + " calls", "us", ours.echoes, peer.echoes);
    row("spawn to ready (initialize + list)", "ms", ours.spawns, peer.spawns);
    row("  peer listing tools only, no caps", "ms", ours.spawns, toolsOnly);
    System.out.printf("%-38s %-24s %-24s %.2fx%n", "first spawn of the process",
        String.format("%.1f ms", ours.firstSpawn), String.format("%.1f ms", peer.firstSpawn),
        ours.firstSpawn / peer.firstSpawn);
    System.out.println("(medians of the rounds; in parentheses the lowest and highest round, and the lowest and"
        + " highest ratio of a round's pair)");
  }

  /** A row: each side's median and spread, the ratio of the medians and the spread of each round's ratio. */
  private static void row(String what, String unit, List<Double> ours, List<Double> peer) {
    double[] ratios = new double[ours.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = ours.get(i) / peer.get(i);
    }
    Arrays.sort(ratios);
    double[] a = sorted(ours);
    double[] b = sorted(peer);
    System.out.printf("%-38s %-24s %-24s %.2fx (%.2f-%.2f)%n", what, cell(a, unit), cell(b, unit),
        median(a) / median(b), ratios[0], ratios[ratios.length - 1]);
  }

  private static String cell(double[] sorted, String unit) {
    return String.format("%.1f %s (%.0f-%.0f)", median(sorted), unit, sorted[0], sorted[sorted.length - 1]);
  }

  /** Our engine, a new one each round, as the runtime loads a capsule's server. */
  private static final class Ours implements Side {
    private final McpServer server;
    private final Path dir;
    private McpServerEngine engine;
    private CapsuleTool echo;

    Ours(Path everything) throws IOException {
      server = new McpServer("everything", Optional.empty(), McpTransport.STDIO, Optional.of("node"),
          List.of(everything.toString(), "stdio"), Optional.empty(), Map.of());
      dir = Files.createTempDirectory("mcp-bench");
    }

    @Override
    public double spawn() throws Exception {
      engine = new McpServerEngine(server, new AllowAllGate(), McpSettings.DEFAULTS, System.getenv(),
          new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true);
      EngineContext context = new EngineContext("bench", manifest(server), dir, ModuleLayer.empty(),
          EngineMonitor.IGNORE);
      long started = System.nanoTime();
      // On a virtual thread, as the runtime loads a capsule's engines (its lifecycle thread, CompositeCapsule):
      // such a thread parks for the server's answers, where the calling thread of echo() reads its own.
      try (ExecutorService lifecycle = Executors.newVirtualThreadPerTaskExecutor()) {
        lifecycle.submit(() -> {
          engine.load(context);
          return null;
        }).get();
      }
      double ms = (System.nanoTime() - started) / 1e6;
      echo = engine.contributions().tools().stream().filter(t -> t.name().equals("echo")).findFirst()
          .orElseThrow();
      return ms;
    }

    @Override
    public double echo() throws Exception {
      Map<String, Object> arguments = Map.of("message", "ping");
      for (int i = 0; i < WARMUP; i++) {
        check(echo.call(arguments));
      }
      double[] times = new double[MEASURED];
      for (int i = 0; i < MEASURED; i++) {
        long t0 = System.nanoTime();
        check(echo.call(arguments));
        times[i] = (System.nanoTime() - t0) / 1e3;
      }
      return median(times);
    }

    @Override
    public void end() {
      engine.unload();
    }

    @Override
    public void close() {
      // Each round's engine was unloaded at its end.
    }

    private static void check(ToolResult result) {
      if (result.isError()) {
        throw new IllegalStateException("echo failed: " + result);
      }
    }
  }

  /** The TypeScript SDK client (bench-ts-client.mjs), one command line per step, one JSON line per answer. */
  private static final class Peer implements Side {
    private final Process node;
    private final Writer commands;
    private final BufferedReader answers;

    Peer(Path servers, Path everything) throws IOException {
      node = new ProcessBuilder("node", servers.resolve("bench-ts-client.mjs").toString(), everything.toString())
          .directory(servers.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      commands = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
      answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public double spawn() throws IOException {
      return ask("spawn").get("readyMs").asDouble();
    }

    /** The SDK's minimal client: no capabilities declared, the tools listed only; ended at once. */
    double spawnToolsOnly() throws IOException {
      double ms = ask("spawn tools").get("readyMs").asDouble();
      ask("close");
      return ms;
    }

    @Override
    public double echo() throws IOException {
      return ask("echo " + WARMUP + " " + MEASURED).get("echoMedianUs").asDouble();
    }

    @Override
    public void end() throws IOException {
      ask("close");
    }

    @Override
    public void close() throws Exception {
      commands.close();
      if (node.waitFor() != 0) {
        throw new IllegalStateException("the TypeScript client exited with code " + node.exitValue());
      }
    }

    private JsonNode ask(String command) throws IOException {
      commands.write(command + "\n");
      commands.flush();
      String answer = answers.readLine();
      if (answer == null) {
        throw new IOException("the TypeScript client ended before answering [" + command + "]");
      }
      return JsonRpcPeer.JSON.readTree(answer);
    }
  }

  /** The 1-minute load average ({@code /proc/loadavg}): the benchmark shares the machine. */
  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static double[] sorted(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static CapsuleManifest manifest(McpServer server) {
    return CapsuleManifest.builder("bench", "1.0.0")
        .withCapabilities(new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of("node"), List.of()))
        .withMcpServer(server)
        .build();
  }
}
