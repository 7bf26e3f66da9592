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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Echo-tool latency (median of 1,000 calls after 2,000 warm-up calls) and spawn-to-ready time of
 * server-everything, through our engine and through the TypeScript SDK client, in one run; the
 * medians of three rounds each. Run with {@code ./build bench mcp}. Not JMH: the peer is a Node
 * process, so both sides are timed the same plain way.
 */
public final class McpLatencyHarness {
  static final int ROUNDS = 3;
  static final int WARMUP = 2000;
  static final int MEASURED = 1000;

  private McpLatencyHarness() {}

  public static void main(String[] args) throws Exception {
    Path servers = Path.of(System.getProperty("mcp.test.servers", "bundles/engine-mcp/src/test/node"))
        .toAbsolutePath();
    Path everything = servers.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    if (!Files.exists(everything)) {
      throw new IllegalStateException("no test servers at " + servers + ": run ./build test once (it runs npm ci)");
    }
    double[] ours = ours(everything);
    JsonNode peer = peer(servers, everything);
    double peerSpawn = peer.get("spawnToReadyMs").asDouble();
    double peerEcho = peer.get("echoMedianUs").asDouble();
    System.out.println();
    System.out.println("MCP, server-everything over stdio       ours        TypeScript SDK   ours/peer");
    System.out.printf("echo latency, median of %d calls    %8.1f us   %8.1f us       %5.2fx%n", MEASURED, ours[1],
        peerEcho, ours[1] / peerEcho);
    System.out.printf("spawn to ready (initialize + list)   %8.1f ms   %8.1f ms       %5.2fx%n", ours[0], peerSpawn,
        ours[0] / peerSpawn);
  }

  /** {spawn-to-ready ms, echo median us}, medians over the rounds. */
  private static double[] ours(Path everything) throws Exception {
    McpServer server = new McpServer("everything", Optional.empty(), McpTransport.STDIO, Optional.of("node"),
        List.of(everything.toString(), "stdio"), Optional.empty(), Map.of());
    Path dir = Files.createTempDirectory("mcp-bench");
    List<Double> spawns = new ArrayList<>();
    List<Double> echoes = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(), McpSettings.DEFAULTS, System.getenv(),
          new ProcessLedger(dir.resolve("processes")),
        (capsule, report) -> true);
      long started = System.nanoTime();
      engine.load(new EngineContext("bench", manifest(server), dir, ModuleLayer.empty(), EngineMonitor.IGNORE));
      spawns.add((System.nanoTime() - started) / 1e6);
      CapsuleTool echo = engine.contributions().tools().stream().filter(t -> t.name().equals("echo")).findFirst()
          .orElseThrow();
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
      echoes.add(median(times));
      engine.unload();
    }
    return new double[] {median(spawns), median(echoes)};
  }

  private static JsonNode peer(Path servers, Path everything) throws Exception {
    Process node = new ProcessBuilder("node", servers.resolve("bench-ts-client.mjs").toString(), everything.toString(),
        Integer.toString(ROUNDS), Integer.toString(WARMUP), Integer.toString(MEASURED)).directory(servers.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (node.waitFor() != 0) {
      throw new IllegalStateException("the TypeScript client failed: " + out);
    }
    return JsonRpcPeer.JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
  }

  private static void check(ToolResult result) {
    if (result.isError()) {
      throw new IllegalStateException("echo failed: " + result);
    }
  }

  private static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static CapsuleManifest manifest(McpServer server) {
    return CapsuleManifest.builder("bench", "1.0.0")
        .withCapabilities(new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of("node"), List.of()))
        .withMcpServer(server)
        .build();
  }
}
