package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.DenyAllGate;
import io.astrid.capsule.api.security.SecuritySubject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.slf4j.LoggerFactory;

/**
 * The same plugins (bundles/engine-wasm/src/test/plugins, built from C) on our engine, on the
 * Extism JS SDK (Node) and on Extism's Chicory SDK with AoT, in one run: the median per call of
 * each, and our ratio to the fastest peer. Run with {@code ./build bench wasm}, which starts this
 * JVM as bin/capsule starts the runtime, with the Graal compiler; in the interpreter it refuses to
 * run. Not JMH: one peer is a Node process, so every host is timed the same plain way
 * ({@link LatencyPlan}).
 */
public final class WasmLatencyHarness {
  static final Path PLUGINS = Path.of(System.getProperty("wasm.bench.plugins", "bundles/engine-wasm/src/test/plugins"));
  static final Path NODE_PEER = Path.of(System.getProperty("wasm.bench.node", "framework/benchmarks/src/main/node"));

  /** As the engine's defaults (WasmEngineFactory.Config): a 10 s timeout per call, 64 MiB of memory. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final long MAX_PAGES = 64L * 1024 * 1024 / MemoryLimit.PAGE_BYTES;

  private WasmLatencyHarness() {}

  public static void main(String[] args) throws Exception {
    LatencyPlan plan = LatencyPlan.fromSystemProperties();
    List<LatencyRow> rows = LatencyRow.all(PLUGINS);
    Map<String, Map<String, Measurement>> hosts = new LinkedHashMap<>();
    String implementation;
    try (Engine engine = compilingEngine()) {
      implementation = engine.getImplementationName();
      // Node first, while this JVM is idle: after our run its compiler threads may still be busy.
      Map<String, Measurement> extismJs = ExtismJsPeer.run(NODE_PEER, plan, rows);
      hosts.put("ours (GraalWasm)", ours(engine, plan, rows));
      hosts.put("Extism JS 1.0.3", extismJs);
    }
    hosts.put("Chicory SDK AoT", CallTimer.run(plan, ChicoryPeer.calls(rows)));
    checkSameOutputs(rows, hosts);
    System.out.println();
    System.out.printf("WebAssembly calls on %s: %d ms of warm-up per row, then %d rounds of %d ms (at most %,d calls)"
        + " per row%n", implementation, plan.warmupMs(), plan.rounds(), plan.measureMs(), plan.maxCalls());
    LatencyTable.print(System.out, rows, hosts);
  }

  /** A polyglot engine as WasmEngineFactory makes it, refused unless guests are compiled. */
  private static Engine compilingEngine() {
    Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    if ("Interpreted".equals(engine.getImplementationName())) {
      engine.close();
      throw new IllegalStateException("the polyglot engine is [Interpreted]: guests would not be compiled. Start the"
          + " JVM with -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<Graal compiler jar>"
          + " as ./build bench wasm does");
    }
    return engine;
  }

  private static Map<String, Measurement> ours(Engine engine, LatencyPlan plan, List<LatencyRow> rows)
      throws Exception {
    Map<String, CallTimer.Call> calls = new LinkedHashMap<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<WasmPlugin> plugins = new ArrayList<>();
    try {
      for (LatencyRow row : rows) {
        try {
          WasmPlugin plugin = load(engine, Files.readAllBytes(row.wasm()), row.wasm().getFileName().toString());
          plugins.add(plugin);
          calls.put(row.name(), () -> plugin.call(row.export(), row.input(), TIMEOUT));
        } catch (WasmCallException e) {
          unavailable.put(row.name(), e.getMessage()); // a host function the engine does not offer yet
        }
      }
      Map<String, Measurement> measured = CallTimer.run(plan, calls);
      Map<String, Measurement> result = new LinkedHashMap<>();
      rows.forEach(row -> result.put(row.name(), measured.getOrDefault(row.name(),
          Measurement.unavailable(unavailable.get(row.name())))));
      return result;
    } finally {
      plugins.forEach(WasmPlugin::close);
    }
  }

  /**
   * Our plugin, loaded as WasmCapsuleEngine loads a component: memory capped, the rows'
   * configuration as the capsule's, no HTTP. The one place that knows WasmPlugin.load's signature.
   */
  private static WasmPlugin load(Engine engine, byte[] wasm, String name) {
    SecuritySubject subject = new SecuritySubject("bench", CapsuleManifest.builder("bench", "1.0.0").build(),
        Path.of("."));
    return WasmPlugin.load(engine, MemoryLimit.apply(wasm, MAX_PAGES), name,
        Map.of(LatencyRow.CONFIG_KEY, LatencyRow.CONFIG_VALUE), new HostHttp(new DenyAllGate(), subject),
        LoggerFactory.getLogger("io.astrid.capsule.engine.wasm.bench"));
  }

  /** Every host that ran a row must have given the same output, or the rows measure different work. */
  private static void checkSameOutputs(List<LatencyRow> rows, Map<String, Map<String, Measurement>> hosts) {
    for (LatencyRow row : rows) {
      byte[] expected = null;
      for (Map.Entry<String, Map<String, Measurement>> host : hosts.entrySet()) {
        Measurement m = host.getValue().get(row.name());
        if (m.available() && expected == null) {
          expected = m.output();
        } else if (m.available() && !Arrays.equals(expected, m.output())) {
          throw new IllegalStateException("row [" + row.name() + "]: host [" + host.getKey() + "] output ["
              + new String(m.output(), StandardCharsets.UTF_8) + "], another ["
              + new String(expected, StandardCharsets.UTF_8) + "]");
        }
      }
    }
  }
}
