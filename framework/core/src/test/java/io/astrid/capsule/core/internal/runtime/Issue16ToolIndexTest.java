package io.astrid.capsule.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.RegisteredTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceRegistration;

/**
 * Issue 16: a capsule is never seen READY, by a waiter or a listener, before its tools are indexed (3 of 217k calls
 * under engine hot swap got {@code unknown tool} in that window), and its tools are never indexed once it has left
 * READY or the table. The table is paused, by latches, at the moment it indexes.
 */
class Issue16ToolIndexTest {
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final String TOOL = "capsule:gated:echo";
  private static final Map<String, Object> HI = Map.of("text", "hi");

  @TempDir
  Path dir;

  private final CountDownLatch indexed = new CountDownLatch(1);
  private final CountDownLatch mayAnnounce = new CountDownLatch(1);
  /** At each state a listener is told of: the state, and the tools the table offered then. */
  private final List<String> told = new CopyOnWriteArrayList<>();
  private RunningFramework framework;
  private CallDeadlines deadlines;
  private CapsuleTable table;

  @BeforeEach
  void start() {
    framework = new RunningFramework();
    deadlines = new CallDeadlines(SETTLE);
    table = new CapsuleTable(new TrackedEngineFactories(framework.context()), manifest -> EnvValues.NONE,
        new ToolPipeline(capsuleId -> List.of(), deadlines), new RuntimeEvents() {
          @Override
          public void capsuleChanged(CapsuleEvent event) {
            told.add(event.current().state() + " " + names(table.tools()));
          }

          @Override
          public void readyCapsules(Collection<Capsule> ready) {
            if (!ready.isEmpty() && indexed.getCount() > 0) {
              indexed.countDown();
              await(mayAnnounce);
            }
          }
        }, SETTLE);
  }

  @AfterEach
  void stop() throws Exception {
    mayAnnounce.countDown();
    table.uninstallAll();
    deadlines.close();
    framework.close();
  }

  @Test
  void aCapsuleTurnsReadyOnlyOnceItsToolsAreIndexed() {
    framework.register(echoFactory());
    Capsule capsule = table.install(manifest(), dir);

    await(indexed);
    // Paused where the table has just indexed the tools: the capsule is not READY yet, and its engine, loaded,
    // already serves a caller that finds the tool.
    assertEquals(CapsuleState.LOADING, capsule.status().state());
    assertEquals(List.of(TOOL), names(table.tools()));
    assertEquals("hi", table.call(TOOL, HI).text());
    mayAnnounce.countDown();

    assertEquals(CapsuleState.READY, table.awaitSettled("gated", SETTLE).state());
    assertEquals("hi", table.call(TOOL, HI).text());
    assertEquals(List.of("LOADING []", "READY [" + TOOL + "]"), told);
  }

  @Test
  void aCapsuleThatLeftReadyOrTheTableOffersNoTool() {
    mayAnnounce.countDown();
    ServiceRegistration<EngineFactory> factory = framework.register(echoFactory());
    Capsule capsule = table.install(manifest(), dir);
    assertEquals(CapsuleState.READY, table.awaitSettled("gated", SETTLE).state());

    factory.unregister();
    assertEquals(CapsuleState.WAITING, table.awaitSettled("gated", SETTLE).state());
    assertEquals(List.of("LOADING []", "READY [" + TOOL + "]", "UNLOADING []", "WAITING []"), told);
    assertEquals("tool [capsule:gated:echo] is unavailable: capsule [gated] is WAITING (waiting for engine kind"
        + " static)",
        table.call(TOOL, HI).text());

    framework.register(echoFactory());
    assertEquals(CapsuleState.READY, CompositeCapsuleTest.awaitState(capsule, CapsuleState.READY).state());
    assertTrue(table.uninstall("gated"));
    assertEquals(List.of(), table.tools());
    assertEquals("unknown tool [capsule:gated:echo]", table.call(TOOL, HI).text());
  }

  private CapsuleManifest manifest() {
    return TestManifests.staticOnly(dir, "gated", "1.0.0");
  }

  /** A static engine offering the echo tool once loaded. */
  private static EngineFactory echoFactory() {
    return new EngineFactory() {
      @Override
      public String kind() {
        return EngineFactory.STATIC;
      }

      @Override
      public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
        return List.of(new ExecutionEngine() {
          private volatile boolean loaded;

          @Override
          public String kind() {
            return EngineFactory.STATIC;
          }

          @Override
          public String name() {
            return "echo";
          }

          @Override
          public void load(EngineContext context) {
            loaded = true;
          }

          @Override
          public EngineContributions contributions() {
            return loaded ? EngineContributions.ofTools(List.of(TestEngines.echo("echo"))) : EngineContributions.NONE;
          }

          @Override
          public void unload() {
            loaded = false;
          }
        });
      }
    };
  }

  private static List<String> names(List<RegisteredTool> tools) {
    return tools.stream().map(RegisteredTool::qualifiedName).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(SETTLE.toSeconds(), TimeUnit.SECONDS), "latch released within " + SETTLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
