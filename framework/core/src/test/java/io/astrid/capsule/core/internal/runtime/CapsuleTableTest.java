package io.astrid.capsule.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.engine.PluginExports;
import io.astrid.capsule.api.host.EnvValues;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
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
  private HookChain interceptors;
  private CallDeadlines deadlines;
  private CapsuleTable table;
  private final Journal journal = new Journal();
  private final Map<String, Function<String, List<CapsuleTool>>> toolsByVersion = new HashMap<>();

  @BeforeEach
  void start() {
    framework = new RunningFramework();
    events = new OsgiRuntimeEvents(framework.context());
    interceptors = new HookChain(framework.context(),
        id -> table.capsule(id).map(capsule -> capsule.manifest().capabilities()),
        new HookCalls(HookCalls.OnFailure.DENY));
    deadlines = new CallDeadlines(CALL_TIMEOUT);
    table = new CapsuleTable(new TrackedEngineFactories(framework.context()), manifest -> EnvValues.NONE,
        new ToolPipeline(interceptors, deadlines), events, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    table.uninstallAll();
    interceptors.close();
    events.close();
    deadlines.close();
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

  /** Issue 19: a mistyped tool or capsule name gets the closest installed one suggested. */
  @Test
  void issue19_aMistypedToolOrCapsuleNameGetsTheClosestOneSuggested() {
    installReady("hello-static", List.of(TestEngines.echo("echo")));

    assertEquals(ToolResult.error("unknown tool [capsule:hello_static:echo], did you mean"
        + " \"capsule:hello-static:echo\"?"), table.call("capsule:hello_static:echo", Map.of("text", "hi")));
    assertEquals(ToolResult.error("unknown tool [hello-static:echo], did you mean \"capsule:hello-static:echo\"?"),
        table.call("hello-static:echo", Map.of("text", "hi")), "the prefix left out");
    assertEquals(ToolResult.error("unknown tool [capsule:hello-static:server:echo], did you mean"
        + " \"capsule:hello-static:echo\"?"), table.call("capsule:hello-static:server:echo", Map.of("text", "hi")),
        "the one tool of that name");
    assertEquals("export [x] of capsule [hello_static] is unavailable: the capsule is not installed, did you mean"
        + " \"hello-static\"?",
        assertThrows(CapsuleException.class, () -> table.invoke("hello_static", "x", new byte[0])).getMessage());
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

  /**
   * Issue 20, finding 4: capsule {@code quiet} declares no {@code intercept}, {@code overseer}
   * declares {@code *}, {@code picky} declares {@code [target-a]}; each registers an interceptor that
   * denies every call it sees, naming itself. The ids sort so that every watcher would see every call
   * if the capability were not enforced.
   */
  @Test
  void issue20Finding4_aCapsulesInterceptorsSeeOnlyItsOwnCallsAndThoseItsInterceptCapabilityNames() {
    staticFactory(List.of(TestEngines.echo("echo")), false, 0);
    installWithCapabilities("quiet", "");
    installWithCapabilities("overseer", "intercept = [\"*\"]");
    installWithCapabilities("picky", "intercept = [\"target-a\"]");
    installWithCapabilities("target-a", "");
    installWithCapabilities("target-b", "");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    for (String watcher : List.of("quiet", "overseer", "picky")) {
      Hashtable<String, Object> properties = new Hashtable<>();
      properties.put(ToolCallInterceptor.CAPSULE_ID_PROPERTY, watcher);
      framework.context().registerService(ToolCallInterceptor.class, new ToolCallInterceptor() {
        @Override
        public InterceptorDecision beforeToolCall(ToolCall call) {
          seen.add(watcher + " saw " + call.qualifiedName());
          return InterceptorDecision.proceed(call.arguments());
        }
      }, properties);
    }

    for (String capsule : List.of("target-a", "target-b", "quiet")) {
      assertEquals(ToolResult.text("hi"), table.call("capsule:" + capsule + ":echo", Map.of("text", "hi")));
    }

    assertEquals(List.of(
        "overseer saw capsule:target-a:echo", "picky saw capsule:target-a:echo",
        "overseer saw capsule:target-b:echo",
        "quiet saw capsule:quiet:echo", "overseer saw capsule:quiet:echo"), seen);
  }

  @Test
  void issue20Finding4_anInterceptorWithoutACapsuleIsTheHostsAndSeesEveryCall() {
    staticFactory(List.of(TestEngines.echo("echo")), false, 0);
    installWithCapabilities("target-a", "");
    installWithCapabilities("target-b", "");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    framework.register(ToolCallInterceptor.class, new ToolCallInterceptor() {
      @Override
      public InterceptorDecision beforeToolCall(ToolCall call) {
        seen.add(call.qualifiedName());
        return InterceptorDecision.proceed(call.arguments());
      }
    }, 0);

    table.call("capsule:target-a:echo", Map.of("text", "hi"));
    table.call("capsule:target-b:echo", Map.of("text", "hi"));

    assertEquals(List.of("capsule:target-a:echo", "capsule:target-b:echo"), seen);
  }

  private void installWithCapabilities(String id, String capabilities) {
    table.install(TestManifests.write(dir.resolve(id), "[package]\nname = \"" + id + "\"\nversion = \"1.0.0\"\n"
        + "[capabilities]\n" + capabilities + "\n"), dir.resolve(id));
    assertEquals(CapsuleState.READY, table.awaitSettled(id, SETTLE).state());
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

  /** A static factory whose engine offers plugin exports: {@code exports} for each version of the capsule. */
  private void exportsFactory(Function<String, PluginExports> exports) {
    framework.register(new EngineFactory() {
      @Override
      public String kind() {
        return EngineFactory.STATIC;
      }

      @Override
      public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
        return List.of(new TestEngines.RecordingEngine(kind(), "static", journal, false, List.of()) {
          @Override
          public EngineContributions contributions() {
            EngineContributions offered = super.contributions();
            return offered == EngineContributions.NONE ? offered
                : offered.withExports(exports.apply(manifest.version()));
          }
        });
      }
    });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void finding7_anInvokeInFlightDelaysTheReplacedVersionsUnloadAndTheNextGoesToTheNewVersion() throws Exception {
    CountDownLatch callStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    exportsFactory(version -> (export, input) -> {
      if (version.equals("1.0.0")) {
        callStarted.countDown();
        await(release);
      }
      return bytes(export + " on " + version);
    });
    table.install(TestManifests.staticOnly(dir.resolve("plug"), "plug", "1.0.0"), dir.resolve("plug"));
    assertEquals(CapsuleState.READY, table.awaitSettled("plug", SETTLE).state());
    try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
      Future<byte[]> inFlight = caller.submit(() -> table.invoke("plug", "work", new byte[0]));
      assertTrue(await(callStarted));
      Thread replacer = Thread.ofVirtual().start(() -> table.replace(
          TestManifests.staticOnly(dir.resolve("plug"), "plug", "2.0.0"), dir.resolve("plug"), SETTLE));
      long deadline = System.nanoTime() + SETTLE.toNanos();
      while (!table.capsule("plug").orElseThrow().manifest().version().equals("2.0.0")) {
        assertTrue(System.nanoTime() < deadline, "the new version never took over");
        Thread.onSpinWait();
      }

      assertEquals("work on 2.0.0", new String(table.invoke("plug", "work", new byte[0]), StandardCharsets.UTF_8));
      assertEquals(List.of("load static", "load static"), journal.entries(), "the old version drains the call");
      release.countDown();
      assertEquals("work on 1.0.0", new String(inFlight.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
      replacer.join(Duration.ofSeconds(5));
    }
    assertEquals(List.of("load static", "load static", "unload static"), journal.entries());
  }

  @Test
  void finding7_interceptorsSeeAnInvokeAsAnExportCallAndMayDenyRewriteOrReplaceIt() {
    exportsFactory(version -> (export, input) -> bytes(export + " got " + new String(input, StandardCharsets.UTF_8)));
    table.install(TestManifests.staticOnly(dir.resolve("plug"), "plug", "1.0.0"), dir.resolve("plug"));
    assertEquals(CapsuleState.READY, table.awaitSettled("plug", SETTLE).state());
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    framework.register(ToolCallInterceptor.class, new ToolCallInterceptor() {
      @Override
      public InterceptorDecision beforeToolCall(ToolCall call) {
        seen.add(call.qualifiedName() + " " + call.isExportCall() + " " + call.arguments());
        Object input = call.arguments().get(ToolCall.EXPORT_INPUT);
        return switch (String.valueOf(input)) {
          case "secret" -> InterceptorDecision.deny("no secrets");
          case "number" -> InterceptorDecision.proceed(Map.of(ToolCall.EXPORT_INPUT, 42));
          default -> InterceptorDecision.proceed(Map.of(ToolCall.EXPORT_INPUT, input + "!"));
        };
      }

      @Override
      public ToolResult afterToolCall(ToolCall call, ToolResult result) {
        return result.isError() ? result : ToolResult.text(result.text() + " (seen)");
      }
    }, 0);

    assertEquals("echo got hi! (seen)", new String(table.invoke("plug", "echo", bytes("hi")), StandardCharsets.UTF_8));
    assertEquals(List.of("capsule:plug:export:echo true {input=hi}"), seen);
    assertEquals("export [echo] of capsule [plug] denied: no secrets",
        assertThrows(CapsuleException.class, () -> table.invoke("plug", "echo", bytes("secret"))).getMessage());
    assertEquals("invalid arguments for export [echo] of capsule [plug] after an interceptor rewrote them:"
        + " /input integer found, string expected",
        assertThrows(CapsuleException.class, () -> table.invoke("plug", "echo", bytes("number"))).getMessage());
  }

  @Test
  void finding7_thePipelineTimeoutAppliesToAnInvokeAndItsFailureNamesTheExport() {
    exportsFactory(version -> (export, input) -> {
      if (export.equals("spin") && !await(new CountDownLatch(1))) {
        throw new java.io.InterruptedIOException("interrupted by the timeout");
      }
      throw new java.io.IOException("the plugin has no export [" + export + "]");
    });
    table.install(TestManifests.staticOnly(dir.resolve("plug"), "plug", "1.0.0"), dir.resolve("plug"));
    assertEquals(CapsuleState.READY, table.awaitSettled("plug", SETTLE).state());

    assertEquals("export [spin] of capsule [plug] timed out after 300 ms",
        assertThrows(CapsuleException.class, () -> table.invoke("plug", "spin", new byte[0])).getMessage());
    assertEquals("export [none] of capsule [plug] failed: the plugin has no export [none]",
        assertThrows(CapsuleException.class, () -> table.invoke("plug", "none", new byte[0])).getMessage());
  }

  @Test
  void finding7_aCapsuleWithoutAPluginOrNotInstalledHasNoExportToInvoke() {
    installReady("plain", List.of());

    assertEquals("export [x] of capsule [plain] is unavailable: the capsule has no plugin",
        assertThrows(CapsuleException.class, () -> table.invoke("plain", "x", new byte[0])).getMessage());
    assertEquals("export [x] of capsule [nobody] is unavailable: the capsule is not installed",
        assertThrows(CapsuleException.class, () -> table.invoke("nobody", "x", new byte[0])).getMessage());
  }

  /**
   * Issue 16: a call running when its engine's bundle goes (stopped or updated) is revoked: its thread is
   * interrupted, so it fails at once, well before its timeout, with the one clear reason, and its caller's thread
   * keeps no interrupt. The capsule is READY again when the factory comes back.
   */
  @Test
  void issue16_aCallRunningWhenItsEngineGoesFailsAtOnceWithWhy() throws Exception {
    deadlines.timeout(Duration.ofMinutes(5));
    CountDownLatch inside = new CountDownLatch(1);
    var factory = framework.register(TestEngines.factory(EngineFactory.STATIC, journal, List.of("static"), Set.of(),
        name -> List.of(TestEngines.tool("hang", TestEngines.TEXT_SCHEMA, args -> {
          inside.countDown();
          await(new CountDownLatch(1)); // until interrupted
          return ToolResult.error("guest stopped: Execution got interrupted.");
        }))));
    table.install(TestManifests.staticOnly(dir.resolve("swapped"), "swapped", "1.0.0"), dir.resolve("swapped"));
    assertEquals(CapsuleState.READY, table.awaitSettled("swapped", SETTLE).state());
    try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
      Future<String> call = caller.submit(() -> table.call("capsule:swapped:hang", Map.of("text", "x"))
          + " interrupted " + Thread.currentThread().isInterrupted());
      assertTrue(await(inside));
      factory.unregister(); // returns once the capsule has unloaded its engine

      assertEquals(ToolResult.error("tool [capsule:swapped:hang] is unavailable: capsule [swapped] is waiting for"
          + " engine [static]: it is being stopped or updated") + " interrupted false",
          call.get(10, TimeUnit.SECONDS));
    }
    assertEquals(ToolResult.error("tool [capsule:swapped:hang] is unavailable: capsule [swapped] is WAITING (waiting"
        + " for engine kind static)"), table.call("capsule:swapped:hang", Map.of("text", "x")));
    staticFactory(List.of(TestEngines.echo("hang")), false, 0);
    ((CompositeCapsule) table.capsule("swapped").orElseThrow()).awaitStatus(s -> s.state() == CapsuleState.READY,
        SETTLE);
    assertEquals(ToolResult.text("back"), table.call("capsule:swapped:hang", Map.of("text", "back")));
  }

  /**
   * Issue 16: a call that entered while the capsule was READY but reached its engine after the engine was unloaded
   * gets the clear reason, not the engine's error about being unloaded ({@code module [notes.wasm] is unloaded}).
   */
  @Test
  void issue16_aCallThatReachesItsEngineAfterTheUnloadGetsWhyNotTheEnginesError() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch unloaded = new CountDownLatch(1);
    var factory = framework.register(TestEngines.factory(EngineFactory.STATIC, journal, List.of("static"), Set.of(),
        name -> List.of(TestEngines.tool("late", TestEngines.TEXT_SCHEMA, args -> {
          entered.countDown();
          awaitUninterruptibly(unloaded); // an engine that does not look at interrupts
          return ToolResult.error("module [late.wasm] is unloaded");
        }))), 0);
    table.install(TestManifests.staticOnly(dir.resolve("late"), "late", "1.0.0"), dir.resolve("late"));
    assertEquals(CapsuleState.READY, table.awaitSettled("late", SETTLE).state());
    try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
      Future<ToolResult> call = caller.submit(() -> table.call("capsule:late:late", Map.of("text", "x")));
      assertTrue(await(entered));
      factory.unregister();
      assertEquals(List.of("load static", "unload static"), journal.entries());
      unloaded.countDown();

      assertEquals(ToolResult.error("tool [capsule:late:late] is unavailable: capsule [late] is waiting for engine"
          + " [static]: it is being stopped or updated"), call.get(10, TimeUnit.SECONDS));
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
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
