package io.astrid.capsule.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.core.internal.runtime.TestEngines.Journal;
import io.astrid.capsule.core.internal.runtime.TestEngines.RecordingEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, dependencies: capsules load after the capsules they depend on, wait (naming them) while
 * those are missing, of another version or not READY, fail on a cycle, and are unloaded before a
 * capsule they need leaves. Real manifests in temp directories, a real Felix for the factories.
 */
class Issue17DependenciesTest {
  private static final Duration SETTLE = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private final Journal journal = new Journal();
  private RunningFramework framework;
  private OsgiRuntimeEvents events;
  private HookChain interceptors;
  private CapsuleTable table;
  private CallDeadlines deadlines;

  @BeforeEach
  void start() {
    framework = new RunningFramework();
    events = new OsgiRuntimeEvents(framework.context());
    interceptors = new HookChain(framework.context(), id -> java.util.Optional.empty(),
        new HookCalls(HookCalls.OnFailure.DENY));
    deadlines = new CallDeadlines(SETTLE);
    table = new CapsuleTable(new TrackedEngineFactories(framework.context()), manifest -> EnvValues.NONE,
        new ToolPipeline(interceptors, deadlines), events, Duration.ofSeconds(5));
    // One engine per capsule, named after it, so the journal shows the order capsules load and unload.
    framework.register(new EngineFactory() {
      @Override
      public String kind() {
        return EngineFactory.STATIC;
      }

      @Override
      public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
        return List.of(new RecordingEngine(STATIC, manifest.name(), journal, manifest.name().startsWith("broken"),
            List.of()));
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    table.uninstallAll();
    deadlines.close();
    interceptors.close();
    events.close();
    framework.close();
  }

  private static final String STATIC = EngineFactory.STATIC;

  /** Installs a capsule of {@code version} depending on {@code dependencies} (name = requirement). */
  private void install(String name, String version, String... dependencies) {
    StringBuilder toml = new StringBuilder("[package]\nname = \"" + name + "\"\nversion = \"" + version + "\"\n");
    if (dependencies.length > 0) {
      toml.append("\n[dependencies]\n");
      for (String dependency : dependencies) {
        String[] parts = dependency.split("=", 2);
        toml.append(parts[0]).append(" = \"").append(parts[1]).append("\"\n");
      }
    }
    Path capsule = dir.resolve(name + "-" + version);
    table.install(TestManifests.write(capsule, toml.toString()), capsule);
  }

  private String settled(String name) {
    return table.awaitSettled(name, SETTLE).toString();
  }

  @Test
  void aDependentWaitsNamingItsMissingDependencyAndLoadsAfterItWhenItArrives() {
    install("app", "1.0.0", "store=^1.2");
    assertEquals("WAITING (waiting for capsule [store] ^1.2: not installed)", settled("app"));
    assertEquals(List.of(), journal.entries());

    install("store", "1.4.0");

    assertEquals("READY", settled("store"));
    assertEquals("READY", settled("app"));
    assertEquals(List.of("load store", "load app"), journal.entries());
  }

  @Test
  void aDependencyOfAVersionOutsideTheRequirementKeepsTheDependentWaitingNamingIt() {
    install("store", "2.0.0");
    install("app", "1.0.0", "store=^1.2", "cache=>=0.3, <0.5");

    assertEquals("WAITING (waiting for capsule [store] ^1.2: version 2.0.0 is installed; capsule [cache]"
        + " >=0.3, <0.5: not installed)", settled("app"));
    // The dependent settles without waiting for store, which loads on a lifecycle thread of its own.
    assertEquals("READY", settled("store"));
    assertEquals(List.of("load store"), journal.entries());
  }

  @Test
  void aDependencyThatFailsKeepsItsDependentsWaitingNamingItsState() {
    install("broken-store", "1.0.0");
    install("app", "1.0.0", "broken-store=1");

    assertEquals("FAILED (engine [broken-store] failed to load: boom in broken-store)", settled("broken-store"));
    assertEquals("WAITING (waiting for capsule [broken-store] 1: it is FAILED)", settled("app"));
  }

  @Test
  void aCycleFailsEachOfItsCapsulesNamingTheCycleAndNothingLoads() {
    install("alpha", "1.0.0", "beta=*");
    install("beta", "1.0.0", "gamma=*");
    install("gamma", "1.0.0", "alpha=*");
    install("user", "1.0.0", "alpha=*");

    String cycle = "FAILED (dependency cycle [alpha -> beta -> gamma -> alpha]: capsules in a cycle can never"
        + " load, since each waits for the next; remove one of these dependencies)";
    assertEquals(cycle, settled("alpha"));
    assertEquals(cycle, settled("beta"));
    assertEquals(cycle, settled("gamma"));
    assertEquals("WAITING (waiting for capsule [alpha] *: it is FAILED)", settled("user"));
    assertEquals(List.of(), journal.entries());

    // Breaking the cycle (the capsule that closed it leaves) lets the rest load, dependencies first.
    table.uninstall("gamma");
    install("gamma", "1.1.0");
    assertEquals("READY", settled("user"));
    assertEquals(List.of("load gamma", "load beta", "load alpha", "load user"), journal.entries());
  }

  @Test
  void unloadingACapsuleFirstUnloadsItsDependentsTheLastLoadedFirst() {
    install("base", "1.0.0");
    install("lib", "1.0.0", "base=^1");
    install("app", "1.0.0", "lib=^1", "base=^1");
    assertEquals("READY", settled("app"));
    journal.clear();

    table.uninstall("base");

    assertEquals(List.of("unload app", "unload lib", "unload base"), journal.entries());
    assertEquals("WAITING (waiting for capsule [base] ^1: not installed)", settled("lib"));
    assertEquals("WAITING (waiting for capsule [lib] ^1: it is WAITING; capsule [base] ^1: not installed)",
        settled("app"));

    journal.clear();
    install("base", "1.0.1");
    assertEquals("READY", settled("app"));
    assertEquals(List.of("load base", "load lib", "load app"), journal.entries());
  }

  @Test
  void replacingADependencyKeepsDependentsItSatisfiesAndUnloadsTheOthersBeforeTheOldVersion() {
    install("base", "1.0.0");
    install("app", "1.0.0", "base=^1");
    install("legacy", "1.0.0", "base=~1.0");
    // Each capsule loads on a lifecycle thread of its own: all three settle before the journal starts.
    assertEquals(List.of("READY", "READY", "READY"), List.of(settled("base"), settled("app"), settled("legacy")));
    journal.clear();

    Path next = dir.resolve("base-1.1.0");
    table.replace(TestManifests.write(next, "[package]\nname = \"base\"\nversion = \"1.1.0\"\n"), next, SETTLE);

    assertEquals(List.of("load base", "unload legacy", "unload base"), journal.entries());
    assertEquals("READY", settled("app"));
    assertEquals("WAITING (waiting for capsule [base] ~1.0: version 1.1.0 is installed)", settled("legacy"));
    assertEquals(Map.of("app", "READY", "base", "READY", "legacy", "WAITING"), states());
  }

  private Map<String, String> states() {
    return table.capsules().stream().collect(java.util.stream.Collectors.toMap(c -> c.id(),
        c -> c.status().state().toString()));
  }

  @Test
  void waitingForADependencyIsAWaitingStatusWithoutMissingKinds() {
    install("app", "1.0.0", "store=1.0.0");
    CapsuleStatus status = table.awaitSettled("app", SETTLE);
    assertEquals(List.of(), status.missingKinds());
  }
}
