package io.astrid.capsule.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.core.internal.runtime.TestEngines.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.ServiceRegistration;

/** The composite's lifecycle against factories registered in a real Felix. */
class CompositeCapsuleTest {
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final List<String> ENGINES = List.of("static", "wasm", "mcp:a", "mcp:b");

  @TempDir
  Path dir;

  private RunningFramework framework;
  private CapsuleTable table;
  private final Journal journal = new Journal();
  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
  private CallDeadlines deadlines;

  @BeforeEach
  void startFramework() {
    framework = new RunningFramework();
    deadlines = new CallDeadlines(Duration.ofSeconds(5));
    table = new CapsuleTable(new TrackedEngineFactories(framework.context()), manifest -> EnvValues.NONE,
        new ToolPipeline(capsuleId -> List.of(), deadlines),
        RuntimeEvents.NONE, Duration.ofSeconds(5));
  }

  @AfterEach
  void stopFramework() throws Exception {
    table.uninstallAll();
    deadlines.close();
    framework.close();
  }

  @ParameterizedTest(name = "engine {0} fails")
  @ValueSource(strings = {"static", "wasm", "mcp:a", "mcp:b"})
  void aFailingEngineRollsBackTheOnesLoadedBeforeItInReverse(String failing) {
    registerAllKinds(Set.of(failing));
    CapsuleManifest manifest = TestManifests.allKinds(dir, "composite");

    table.install(manifest, dir);
    CapsuleStatus status = table.awaitSettled("composite", SETTLE);

    assertEquals(CapsuleStatus.failed("engine [" + failing + "] failed to load: boom in " + failing), status);
    int position = ENGINES.indexOf(failing);
    List<String> expected = new ArrayList<>();
    ENGINES.subList(0, position + 1).forEach(e -> expected.add("load " + e));
    ENGINES.subList(0, position + 1).reversed().forEach(e -> expected.add("unload " + e));
    assertEquals(expected, journal.entries());
    assertEquals(List.of(), table.capsule("composite").orElseThrow().engineNames());
  }

  @Test
  void allEnginesLoadInOrderAndUnloadInReverse() {
    registerAllKinds(Set.of());
    table.install(TestManifests.allKinds(dir, "composite"), dir);

    assertEquals(CapsuleState.READY, table.awaitSettled("composite", SETTLE).state());
    assertEquals(ENGINES, table.capsule("composite").orElseThrow().engineNames());
    table.uninstall("composite");

    assertEquals(List.of("load static", "load wasm", "load mcp:a", "load mcp:b",
        "unload mcp:b", "unload mcp:a", "unload wasm", "unload static"), journal.entries());
  }

  @Test
  void anEngineThatFailsToUnloadNeverStopsTheOthersFromUnloading() {
    registrations.add(framework.register(TestEngines.factory(EngineFactory.STATIC, journal)));
    registrations.add(framework.register(new EngineFactory() {
      @Override
      public String kind() {
        return EngineFactory.WASM;
      }

      @Override
      public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
        return List.of(new TestEngines.RecordingEngine(kind(), "wasm", journal, false, List.of()) {
          @Override
          public void unload() {
            super.unload();
            throw new IllegalStateException("stuck");
          }
        });
      }
    }));
    registrations.add(framework.register(TestEngines.factory(EngineFactory.MCP, journal, List.of("mcp:a", "mcp:b"),
        Set.of(), n -> List.of())));
    table.install(TestManifests.allKinds(dir, "composite"), dir);
    assertEquals(CapsuleState.READY, table.awaitSettled("composite", SETTLE).state());

    table.uninstall("composite");

    assertEquals(List.of("unload mcp:b", "unload mcp:a", "unload wasm", "unload static"),
        journal.entries().subList(4, 8));
    assertEquals(CapsuleState.UNLOADED, table.capsule("composite").map(Capsule::status)
        .map(CapsuleStatus::state).orElse(CapsuleState.UNLOADED));
  }

  @Test
  void anEngineThatGivesUpWhileLoadedMakesTheCapsuleFailedWithItsReason() {
    java.util.concurrent.atomic.AtomicReference<io.astrid.capsule.api.engine.EngineMonitor> monitor =
        new java.util.concurrent.atomic.AtomicReference<>();
    registrations.add(framework.register(new EngineFactory() {
      @Override
      public String kind() {
        return EngineFactory.STATIC;
      }

      @Override
      public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
        return List.of(new TestEngines.RecordingEngine(kind(), "static", journal, false, List.of()) {
          @Override
          public void load(io.astrid.capsule.api.engine.EngineContext context) {
            super.load(context);
            monitor.set(context.monitor());
          }
        });
      }
    }));
    Capsule capsule = table.install(TestManifests.staticOnly(dir, "fragile", "1.0.0"), dir);
    assertEquals(CapsuleState.READY, table.awaitSettled("fragile", SETTLE).state());

    monitor.get().failed("server [x] crashed 5 times within 60 s; giving up");

    assertEquals(CapsuleStatus.failed("server [x] crashed 5 times within 60 s; giving up"),
        awaitState(capsule, CapsuleState.FAILED));
    assertEquals(List.of("load static", "unload static"), journal.entries());
  }

  @Test
  void aCapsuleWaitsForMissingKindsAndFollowsItsFactoriesComingAndGoing() throws Exception {
    registrations.add(framework.register(TestEngines.factory(EngineFactory.STATIC, journal)));
    Capsule capsule = table.install(TestManifests.allKinds(dir, "composite"), dir);

    assertEquals(CapsuleStatus.waitingFor(List.of("wasm", "mcp")), table.awaitSettled("composite", SETTLE));
    assertEquals(Optional.of("waiting for engine kinds wasm, mcp"), capsule.status().reason());

    ServiceRegistration<EngineFactory> wasm = framework.register(TestEngines.factory(EngineFactory.WASM, journal));
    assertEquals(CapsuleStatus.waitingFor(List.of("mcp")),
        awaitStatus(capsule, CapsuleStatus.waitingFor(List.of("mcp"))));
    ServiceRegistration<EngineFactory> mcp = framework.register(TestEngines.factory(EngineFactory.MCP, journal));
    assertEquals(CapsuleState.READY, awaitState(capsule, CapsuleState.READY).state());
    assertEquals(List.of("load static", "load wasm", "load mcp"), journal.entries());

    journal.clear();
    wasm.unregister();
    assertEquals(CapsuleStatus.waitingFor(List.of("wasm")),
        awaitStatus(capsule, CapsuleStatus.waitingFor(List.of("wasm"))));
    assertEquals(List.of("unload mcp", "unload wasm", "unload static"), journal.entries());

    journal.clear();
    framework.register(TestEngines.factory(EngineFactory.WASM, journal));
    assertEquals(CapsuleState.READY, awaitState(capsule, CapsuleState.READY).state());
    assertEquals(List.of("load static", "load wasm", "load mcp"), journal.entries());
    mcp.unregister();
  }

  @Test
  void aHigherRankedFactoryOfAKindReplacesTheEnginesItServes() {
    registerAllKinds(Set.of());
    Capsule capsule = table.install(TestManifests.allKinds(dir, "composite"), dir);
    assertEquals(CapsuleState.READY, table.awaitSettled("composite", SETTLE).state());
    journal.clear();

    Journal newer = new Journal();
    framework.register(TestEngines.factory(EngineFactory.WASM, newer, List.of("wasm-2"), Set.of(), n -> List.of()), 10);

    ((CompositeCapsule) capsule).awaitStatus(s -> capsule.engineNames().contains("wasm-2"), SETTLE);
    assertEquals(List.of("static", "wasm-2", "mcp:a", "mcp:b"), capsule.engineNames());
    assertEquals(List.of("unload mcp:b", "unload mcp:a", "unload wasm", "unload static",
        "load static", "load mcp:a", "load mcp:b"), journal.entries());
    assertEquals(List.of("load wasm-2"), newer.entries());
  }

  @Test
  void aFailedCapsuleRetriesWhenAFactoryChanges() {
    registrations.add(framework.register(TestEngines.factory(EngineFactory.STATIC, journal, List.of("static"),
        Set.of("static"), n -> List.of())));
    Capsule capsule = table.install(TestManifests.staticOnly(dir, "plain", "1.0.0"), dir);
    assertEquals(CapsuleState.FAILED, table.awaitSettled("plain", SETTLE).state());

    framework.register(TestEngines.factory(EngineFactory.STATIC, journal), 5);

    assertEquals(CapsuleState.READY, awaitState(capsule, CapsuleState.READY).state());
  }

  private void registerAllKinds(Set<String> failing) {
    registrations.add(framework.register(TestEngines.factory(EngineFactory.STATIC, journal, List.of("static"),
        failing, n -> List.of())));
    registrations.add(framework.register(TestEngines.factory(EngineFactory.WASM, journal, List.of("wasm"),
        failing, n -> List.of())));
    registrations.add(framework.register(TestEngines.factory(EngineFactory.MCP, journal, List.of("mcp:a", "mcp:b"),
        failing, n -> List.of())));
  }

  /** Waits, woken by the capsule's own status changes, for exactly {@code expected}; returns it. */
  static CapsuleStatus awaitStatus(Capsule capsule, CapsuleStatus expected) {
    return ((CompositeCapsule) capsule).awaitStatus(expected::equals, SETTLE);
  }

  /** Waits, woken by the capsule's own status changes, for it to settle in {@code state}. */
  static CapsuleStatus awaitState(Capsule capsule, CapsuleState state) {
    return ((CompositeCapsule) capsule).awaitStatus(s -> s.state() == state, SETTLE);
  }
}
