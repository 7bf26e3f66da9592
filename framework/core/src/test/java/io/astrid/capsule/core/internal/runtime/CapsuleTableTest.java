package io.astrid.capsule.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.InterceptorDecision;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.core.internal.runtime.TestEngines.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's table and pipeline, with services, interceptors and listeners in a real Felix. */
class CapsuleTableTest {
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final Duration CALL_TIMEOUT = Duration.ofMillis(300);

  @TempDir
  Path dir;

  private RunningFramework framework;
  private OsgiRuntimeEvents events;
  private InterceptorChain interceptors;
  private ExecutorService callThreads;
  private CapsuleTable table;
  private final Journal journal = new Journal();
  private final Map<String, Function<String, List<CapsuleTool>>> toolsByVersion = new HashMap<>();

  @BeforeEach
  void start() {
    framework = new RunningFramework();
    events = new OsgiRuntimeEvents(framework.context());
    interceptors = new InterceptorChain(framework.context());
    callThreads = Executors.newVirtualThreadPerTaskExecutor();
    table = new CapsuleTable(new TrackedEngineFactories(framework.context()),
        new ToolPipeline(interceptors, CALL_TIMEOUT, callThreads), events, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    table.uninstallAll();
    interceptors.close();
    events.close();
    callThreads.shutdownNow();
    framework.close();
  }

  /** A static factory whose engine offers {@code tools}; failing when asked. */
  private void staticFactory(List<CapsuleTool> tools, boolean failing, int ranking) {
    framework.register(TestEngines.factory(EngineFactory.STATIC, journal, List.of("static"),
        failing ? Set.of("static") : Set.of(), name -> tools), ranking);
  }

  private void installReady(String id, List<CapsuleTool> tools) {
    staticFactory(tools, false, 0);
    table.install(TestManifests.staticOnly(dir.resolve(id), id, "1.0.0"), dir.resolve(id));
    assertEquals(CapsuleState.READY, table.awaitSettled(id, SETTLE).state());
  }

  @Test
  void toolsOfAReadyCapsuleAreCalledByQualifiedNameAndPublishedAsServices() throws Exception {
    installReady("echoer", List.of(TestEngines.echo("echo")));

    assertEquals(List.of("capsule:echoer:echo"), table.tools().stream().map(RegisteredTool::qualifiedName).toList());
    assertEquals(ToolResult.text("hi"), table.call("capsule:echoer:echo", Map.of("text", "hi")));
    var references = framework.context().getServiceReferences(CapsuleTool.class,
        "(" + CapsuleRegistry.QUALIFIED_NAME_PROPERTY + "=capsule:echoer:echo)");
    assertEquals(1, references.size());
    assertEquals("echoer", references.iterator().next().getProperty(CapsuleRegistry.CAPSULE_ID_PROPERTY));

    table.uninstall("echoer");
    assertEquals(List.of(), table.tools());
    assertEquals(0, framework.context().getServiceReferences(CapsuleTool.class, null).size());
    assertEquals(ToolResult.error("unknown tool [capsule:echoer:echo]"),
        table.call("capsule:echoer:echo", Map.of("text", "hi")));
  }

  /** Issue 13, finding 10 (a): a tool of a FAILED capsule said "unknown tool"; it says why the capsule failed. */
  @Test
  void issue13Finding10_aToolOfAFailedCapsuleSaysTheCapsulesFailure() {
    staticFactory(List.of(TestEngines.echo("echo")), true, 0);
    table.install(TestManifests.staticOnly(dir.resolve("broken"), "broken", "1.0.0"), dir.resolve("broken"));
    assertEquals(CapsuleState.FAILED, table.awaitSettled("broken", SETTLE).state());

    assertEquals(ToolResult.error("tool [capsule:broken:echo] is unavailable: capsule [broken] is FAILED (engine"
        + " [static] failed to load: boom in static)"), table.call("capsule:broken:echo", Map.of("text", "hi")));
    assertEquals(ToolResult.error("unknown tool [capsule:nobody:echo]"),
        table.call("capsule:nobody:echo", Map.of("text", "hi")));
  }

  @Test
  void argumentsAreValidatedAgainstTheInputSchemaBeforeTheToolRuns() {
    AtomicInteger ran = new AtomicInteger();
    installReady("strict", List.of(TestEngines.tool("say", TestEngines.TEXT_SCHEMA, args -> {
      ran.incrementAndGet();
      return ToolResult.text("ok");
    })));

    assertEquals(
        ToolResult.error("invalid arguments for tool [capsule:strict:say]: required property 'text' not found"),
        table.call("capsule:strict:say", Map.of()));
    assertEquals(ToolResult.error("invalid arguments for tool [capsule:strict:say]: /text integer found, string"
        + " expected"), table.call("capsule:strict:say", Map.of("text", 5)));
    assertEquals(0, ran.get());
  }

  @Test
  void aToolThatThrowsOrRunsOverItsTimeIsAnErrorResultAndTheCapsuleStaysUsable() {
    CountDownLatch interrupted = new CountDownLatch(1);
    installReady("flaky", List.of(
        TestEngines.tool("explode", TestEngines.TEXT_SCHEMA, args -> {
          throw new IllegalStateException("disk on fire");
        }),
        TestEngines.tool("hang", TestEngines.TEXT_SCHEMA, args -> {
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return ToolResult.text("never seen");
        }),
        TestEngines.echo("echo")));

    assertEquals(ToolResult.error("tool [capsule:flaky:explode] failed: disk on fire"),
        table.call("capsule:flaky:explode", Map.of("text", "x")));
    assertEquals(ToolResult.error("tool [capsule:flaky:hang] timed out after 300 ms"),
        table.call("capsule:flaky:hang", Map.of("text", "x")));
    assertTrue(await(interrupted), "the runaway call's thread is interrupted");
    assertEquals(ToolResult.text("still here"), table.call("capsule:flaky:echo", Map.of("text", "still here")));
  }

  @Test
  void manyConcurrentCallsRunInParallelAndEachGetsItsOwnResult() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch eightInside = new CountDownLatch(8);
    installReady("parallel", List.of(TestEngines.tool("slow-echo", TestEngines.TEXT_SCHEMA, args -> {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      eightInside.countDown();
      await(eightInside);
      running.decrementAndGet();
      return ToolResult.text("echo " + args.get("text"));
    })));

    List<Future<ToolResult>> results = new ArrayList<>();
    try (ExecutorService callers = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 200; i++) {
        String text = "call-" + i;
        results.add(callers.submit(() -> table.call("capsule:parallel:slow-echo", Map.of("text", text))));
      }
      for (int i = 0; i < 200; i++) {
        assertEquals(ToolResult.text("echo call-" + i), results.get(i).get(10, TimeUnit.SECONDS));
      }
    }
    assertTrue(mostAtOnce.get() >= 8, "calls overlapped: at most " + mostAtOnce.get() + " at once");
  }

  @Test
  void interceptorsDenyOrRewriteBeforeAndReplaceResultsAfterInRankingOrder() {
    installReady("guarded", List.of(TestEngines.echo("echo")));
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    framework.register(ToolCallInterceptor.class, new ToolCallInterceptor() {
      @Override
      public InterceptorDecision beforeToolCall(ToolCall call) {
        order.add("high");
        return "secret".equals(call.arguments().get("text"))
            ? InterceptorDecision.deny("no secrets") : InterceptorDecision.proceed(call.arguments());
      }
    }, 10);
    framework.register(ToolCallInterceptor.class, new ToolCallInterceptor() {
      @Override
      public InterceptorDecision beforeToolCall(ToolCall call) {
        order.add("low");
        return InterceptorDecision.proceed(Map.of("text", call.arguments().get("text") + "!"));
      }

      @Override
      public ToolResult afterToolCall(ToolCall call, ToolResult result) {
        return ToolResult.text(result.text() + " (seen by " + call.qualifiedName() + ")");
      }
    }, 1);

    assertEquals(ToolResult.text("hi! (seen by capsule:guarded:echo)"),
        table.call("capsule:guarded:echo", Map.of("text", "hi")));
    assertEquals(List.of("high", "low"), order);
    assertEquals(ToolResult.error("tool [capsule:guarded:echo] denied: no secrets"),
        table.call("capsule:guarded:echo", Map.of("text", "secret")));
  }

  @Test
  void replaceSwitchesToTheNewVersionAndAFailedNewVersionLeavesTheOldServing() {
    // The engine refuses version 3.0.0 of the capsule, as a broken new release would fail.
    framework.register(new EngineFactory() {
      @Override
      public String kind() {
        return EngineFactory.STATIC;
      }

      @Override
      public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
        boolean broken = manifest.version().equals("3.0.0");
        return List.of(new TestEngines.RecordingEngine(kind(), "static", journal, broken,
            List.of(TestEngines.echo("v" + manifest.version().charAt(0)))));
      }
    });
    table.install(TestManifests.staticOnly(dir.resolve("swap"), "swap", "1.0.0"), dir.resolve("swap"));
    assertEquals(CapsuleState.READY, table.awaitSettled("swap", SETTLE).state());

    table.replace(TestManifests.staticOnly(dir.resolve("swap"), "swap", "2.0.0"), dir.resolve("swap"), SETTLE);
    assertEquals("2.0.0", table.capsule("swap").orElseThrow().manifest().version());
    assertEquals(List.of("capsule:swap:v2"), table.tools().stream().map(RegisteredTool::qualifiedName).toList());

    CapsuleException failure = assertThrows(CapsuleException.class, () -> table.replace(
        TestManifests.staticOnly(dir.resolve("swap"), "swap", "3.0.0"), dir.resolve("swap"), SETTLE));

    assertEquals("replacing capsule [swap] failed: the new version is FAILED (engine [static] failed to load:"
        + " boom in static); the old version keeps serving", failure.getMessage());
    assertEquals("2.0.0", table.capsule("swap").orElseThrow().manifest().version());
    assertEquals(ToolResult.text("still served"), table.call("capsule:swap:v2", Map.of("text", "still served")));
  }

  @Test
  void callsInFlightOnTheOldVersionFinishBeforeItIsUnloaded() throws Exception {
    CountDownLatch callStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    installReady("busy", List.of(TestEngines.tool("work", TestEngines.TEXT_SCHEMA, args -> {
      callStarted.countDown();
      await(release);
      return ToolResult.text("finished on the old version");
    })));
    try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
      Future<ToolResult> inFlight = caller.submit(() -> table.call("capsule:busy:work", Map.of("text", "x")));
      assertTrue(await(callStarted));
      Thread replacer = Thread.ofVirtual().start(() -> table.replace(
          TestManifests.staticOnly(dir.resolve("busy"), "busy", "2.0.0"), dir.resolve("busy"), SETTLE));
      replacer.join(200);
      assertTrue(replacer.isAlive(), "replace waits for the call in flight before unloading the old version");
      release.countDown();
      assertEquals(ToolResult.text("finished on the old version"), inFlight.get(5, TimeUnit.SECONDS));
      replacer.join(5_000);
    }
    assertEquals("2.0.0", table.capsule("busy").orElseThrow().manifest().version());
  }

  @Test
  void listenersHearEveryStateChangeOfACapsuleInOrder() {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    framework.register(CapsuleListener.class, (CapsuleEvent e) -> heard.add(e.capsuleId() + " " + e.previous().state()
        + "->" + e.current().state()), 0);
    installReady("heard", List.of());
    table.uninstall("heard");

    assertEquals(List.of("heard UNLOADED->LOADING", "heard LOADING->READY"), heard.subList(0, 2));
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
