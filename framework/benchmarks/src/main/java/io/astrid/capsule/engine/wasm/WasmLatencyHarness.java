package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.core.internal.host.DefaultUplinkHub;
import io.astrid.capsule.core.internal.host.InMemoryMessageBus;
import io.astrid.capsule.core.internal.host.MvStoreKeyValueStore;
import io.astrid.capsule.scheduler.CronTimer;
import io.astrid.capsule.security.DefaultSecurityGate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
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

  /** Ends runaway calls of the harness's plugins, as the engine factory's does; it lives as long as the harness. */
  private static final CallWatchdog WATCHDOG = new CallWatchdog();
  private static final String OURS = "ours (GraalWasm)";
  private static final String CHICORY = "Chicory SDK AoT";

  /** As the engine's defaults (WasmEngineFactory.Config): a 10 s timeout per call, 64 MiB of memory. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final long MAX_PAGES = 64L * 1024 * 1024 / MemoryLimit.PAGE_BYTES;

  private WasmLatencyHarness() {}

  public static void main(String[] args) throws Exception {
    LatencyPlan plan = LatencyPlan.fromSystemProperties();
    List<LatencyRow> rows = LatencyRow.all(PLUGINS);
    Map<String, Map<String, Measurement>> hosts = new LinkedHashMap<>();
    String implementation;
    try (Engine engine = compilingEngine(); OurPlugins ours = OurPlugins.load(engine, rows)) {
      implementation = engine.getImplementationName();
      // Node first, while this JVM is idle: then the two hosts in this JVM, round by round in turn.
      Map<String, Measurement> extismJs = ExtismJsPeer.run(NODE_PEER, plan, rows);
      Map<String, Map<String, CallTimer.Call>> jvmHosts = new LinkedHashMap<>();
      jvmHosts.put(OURS, ours.calls);
      jvmHosts.put(CHICORY, ChicoryPeer.calls(rows));
      Map<String, Map<String, Measurement>> measured = CallTimer.run(plan, jvmHosts);
      hosts.put(OURS, ours.withUnavailable(rows, measured.get(OURS)));
      hosts.put("Extism JS 1.0.3", extismJs);
      hosts.put(CHICORY, measured.get(CHICORY));
    }
    checkSameOutputs(rows, hosts);
    System.out.println();
    System.out.printf("WebAssembly calls on %s: %d ms of warm-up per row, then %d rounds of %d ms (at most %,d calls)"
        + " per row%n", implementation, plan.warmupMs(), plan.rounds(), plan.measureMs(), plan.maxCalls());
    LatencyTable.print(System.out, rows, hosts);
  }

  /** A polyglot engine as WasmEngineFactory makes it, refused unless guests are compiled. */
  static Engine compilingEngine() {
    Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    if ("Interpreted".equals(engine.getImplementationName())) {
      engine.close();
      throw new IllegalStateException("the polyglot engine is [Interpreted]: guests would not be compiled. Start the"
          + " JVM with -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<Graal compiler jar>"
          + " as ./build bench wasm does");
    }
    return engine;
  }

  /** Our engine's plugin for each row, and the calls of those that loaded. */
  private record OurPlugins(List<WasmPlugin> plugins, Map<String, CallTimer.Call> calls,
      Map<String, String> unavailable) implements AutoCloseable {
    static OurPlugins load(Engine engine, List<LatencyRow> rows) throws IOException {
      OurPlugins ours = new OurPlugins(new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
      for (LatencyRow row : rows) {
        try {
          WasmPlugin plugin = WasmLatencyHarness.load(engine, Files.readAllBytes(row.wasm()),
              row.wasm().getFileName().toString(), Files.createTempDirectory("wasm-bench"));
          ours.plugins.add(plugin);
          ours.calls.put(row.name(), () -> plugin.call(row.export(), row.input(), TIMEOUT));
        } catch (WasmCallException e) {
          ours.unavailable.put(row.name(), e.getMessage()); // a plugin that does not load is reported, not measured
        }
      }
      return ours;
    }

    /** {@code measured}, with the reason for each row that could not load. */
    Map<String, Measurement> withUnavailable(List<LatencyRow> rows, Map<String, Measurement> measured) {
      Map<String, Measurement> result = new LinkedHashMap<>();
      rows.forEach(row -> result.put(row.name(), measured.getOrDefault(row.name(),
          Measurement.unavailable(unavailable.get(row.name())))));
      return result;
    }

    @Override
    public void close() {
      plugins.forEach(WasmPlugin::close);
    }
  }

  /**
   * Our plugin, loaded as WasmCapsuleEngine loads a component: memory capped, the kernel and the
   * Astrid host functions on the real host services, the rows' configuration as the capsule's. The
   * real gate judges every request against a manifest that declares every key of the capsule's
   * key-value store ({@code kv = ["*"]}, each kv call judged and audited as in the runtime) and no
   * network (every HTTP request denied). The one place that knows how a plugin is put together.
   */
  static WasmPlugin load(Engine engine, byte[] wasm, String name, Path state) throws IOException {
    Capabilities everyKey = new Capabilities(List.of(), List.of("*"), List.of(), List.of(), List.of(), List.of());
    SecuritySubject subject = new SecuritySubject("bench", CapsuleManifest.builder("bench", "1.0.0")
        .withCapabilities(everyKey).build(), state);
    Map<String, String> config = Map.of(LatencyRow.CONFIG_KEY, LatencyRow.CONFIG_VALUE);
    Logger log = LoggerFactory.getLogger("io.astrid.capsule.engine.wasm.bench");
    DefaultSecurityGate gate = new DefaultSecurityGate(state.resolve("gate"));
    HostHttp http = new HostHttp(gate, subject);
    ExtismKernel kernel = new ExtismKernel(config, http, log);
    InMemoryMessageBus bus = new InMemoryMessageBus();
    HostServices services = new HostServices(gate, gate, new MvStoreKeyValueStore(state.resolve("kv.mv.db")),
        bus, new DefaultUplinkHub(bus), new CronTimer(), state, (capsule, report) -> true,
        WATCHDOG);
    AstridHost host = new AstridHost(kernel, new GuestFiles(gate, subject), http, services, subject,
        UpstreamConfig.encode(Map.of(), config), log, (export, input) -> { }, Set.of());
    return WasmPlugin.load(engine, MemoryLimit.apply(wasm, MAX_PAGES), name, kernel, host.functions(),
        new GuestOutput(log), WATCHDOG);
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
