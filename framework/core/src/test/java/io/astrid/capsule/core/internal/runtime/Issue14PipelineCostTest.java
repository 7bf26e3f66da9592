package io.astrid.capsule.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.security.HumanWait;
import io.astrid.capsule.api.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a tool runs on its caller's thread (no hand-off to a thread of its own per call), and
 * a runaway call is still interrupted and timed out, with the time spent waiting for a human not
 * counted.
 */
class Issue14PipelineCostTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final Map<String, Object> ARGUMENTS = Map.of("text", "x");

  private final CallDeadlines deadlines = new CallDeadlines(TIMEOUT);
  private final ToolPipeline pipeline = new ToolPipeline(capsuleId -> List.of(), deadlines);

  @AfterEach
  void close() {
    deadlines.close();
  }

  private ToolResult call(String name, Function<Map<String, Object>, ToolResult> body) {
    return pipeline.call(new RegisteredTool("capsule:c:" + name, "c", TestEngines.tool(name, TestEngines.TEXT_SCHEMA,
        body)), ARGUMENTS);
  }

  @Test
  void aToolRunsOnItsCallersThread() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    assertEquals(ToolResult.text("ok"), call("where", args -> {
      ranOn.set(Thread.currentThread());
      return ToolResult.text("ok");
    }));
    assertSame(Thread.currentThread(), ranOn.get());
  }

  @Test
  void aRunawayCallIsInterruptedAtItsTimeoutAndItsCallerIsLeftUninterrupted() {
    AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
    long start = System.nanoTime();

    ToolResult result = call("hang", args -> {
      try {
        new CountDownLatch(1).await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      return ToolResult.text("never seen");
    });

    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(ToolResult.error("tool [capsule:c:hang] timed out after 300 ms"), result);
    assertTrue(interrupted.get(), "the runaway call's thread is interrupted");
    assertTrue(tookMs >= 300 && tookMs < 2_000, "timed out after " + tookMs + " ms");
    assertFalse(Thread.currentThread().isInterrupted(), "the timeout's interrupt is the call's alone");
    assertEquals(ToolResult.text("still here"), call("echo", args -> ToolResult.text("still here")));
  }

  @Test
  void timeSpentWaitingForAHumanIsNotCounted() {
    ToolResult result = call("asks", args -> HumanWait.during(() -> {
      try {
        Thread.sleep(TIMEOUT.multipliedBy(2)); // the human taking longer than the call may run
        return ToolResult.text("approved");
      } catch (InterruptedException e) {
        return ToolResult.error("interrupted while a human decided");
      }
    }));

    assertEquals(ToolResult.text("approved"), result);
  }

  @Test
  void aCallerInterruptedDuringTheCallGetsAnErrorAndKeepsItsInterrupt() {
    Thread caller = Thread.currentThread();

    ToolResult result = call("cancelled", args -> {
      caller.interrupt(); // as a client's cancellation would
      return ToolResult.text("finished anyway");
    });

    assertEquals(ToolResult.error("tool [capsule:c:cancelled] was interrupted"), result);
    assertTrue(Thread.interrupted(), "the caller's own interrupt stays set");
  }

  @Test
  void closingStopsTheWatchdogThread() {
    deadlines.close();

    // Test classes run one after another, each closing its registry's watchdog: this one was the last.
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.getName().equals(CallDeadlines.THREAD_NAME)), "no watchdog thread is left");
  }
}
