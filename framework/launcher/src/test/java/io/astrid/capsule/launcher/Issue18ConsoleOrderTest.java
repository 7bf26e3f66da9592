package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the {@code run} console prints each capsule's events in the order they happened, though
 * they reach it from different threads in another order, and no sender waits for the terminal.
 */
class Issue18ConsoleOrderTest {
  private static final CapsuleStatus READY = CapsuleStatus.of(CapsuleState.READY);
  private static final CapsuleStatus UNLOADING = CapsuleStatus.of(CapsuleState.UNLOADING);
  private static final CapsuleStatus BEING_UNLOADED =
      CapsuleStatus.waiting("waiting for capsule [store]: it is being unloaded");
  private static final CapsuleStatus NOT_INSTALLED =
      CapsuleStatus.waiting("waiting for capsule [store] ^1: not installed");
  /** Longer than any test waits: an order these tests see is never the hold running out. */
  private static final Duration NEVER = Duration.ofHours(1);

  private static CapsuleEvent event(String capsule, CapsuleStatus previous, CapsuleStatus current) {
    return new CapsuleEvent(capsule, previous, current, Instant.now());
  }

  @Test
  void aDependentsEventsArePrintedInTheOrderTheyHappenedWhateverOrderTheyArriveIn() {
    StringWriter text = new StringWriter();
    OrderedConsole console = new OrderedConsole(new PrintWriter(text), NEVER);
    console.known(Map.of("app", READY));
    // As seen in CI: the reload's WAITING -> WAITING first, the lifecycle thread's two after it.
    console.event(event("app", BEING_UNLOADED, NOT_INSTALLED), List.of("capsule app: WAITING -> WAITING", "  ^1"));
    console.event(event("app", UNLOADING, BEING_UNLOADED), List.of("capsule app: UNLOADING -> WAITING"));
    console.print(List.of("reload: store removed"));
    console.event(event("fresh", CapsuleStatus.of(CapsuleState.UNLOADED), READY),
        List.of("capsule fresh: UNLOADED -> READY"));
    console.event(event("app", READY, UNLOADING), List.of("capsule app: READY -> UNLOADING"));
    console.close();

    assertEquals(String.join(System.lineSeparator(), "reload: store removed", "capsule fresh: UNLOADED -> READY",
        "capsule app: READY -> UNLOADING", "capsule app: UNLOADING -> WAITING", "capsule app: WAITING -> WAITING",
        "  ^1", ""), text.toString(), "another capsule's lines are not held behind the dependent's");
  }

  /** A reloaded capsule's own events are said by the reload's line, not printed, but they happened. */
  @Test
  void anEventNotPrintedPassesItsCapsulesOrderOn() {
    StringWriter text = new StringWriter();
    OrderedConsole console = new OrderedConsole(new PrintWriter(text), NEVER);
    console.known(Map.of("notes", READY));
    console.event(event("notes", READY, UNLOADING), List.of());
    console.event(event("notes", UNLOADING, CapsuleStatus.of(CapsuleState.UNLOADED)),
        List.of("capsule notes: UNLOADING -> UNLOADED"));
    console.print(List.of("after it"));
    console.close();

    assertEquals("capsule notes: UNLOADING -> UNLOADED" + System.lineSeparator() + "after it"
        + System.lineSeparator(), text.toString(), "printed at once, not held until the console closed");
  }

  /** A reload's lines are on the terminal when its command returns; after close nothing waits. */
  @Test
  void awaitPrintedReturnsOnceTheLinesBeforeArePrintedAndAtOnceWhenClosed() {
    StringWriter text = new StringWriter();
    OrderedConsole console = new OrderedConsole(new PrintWriter(text), NEVER);
    console.print(List.of("reload: notes removed"));
    console.awaitPrinted();
    assertEquals("reload: notes removed" + System.lineSeparator(), text.toString());

    console.close();
    assertTimeoutPreemptively(Duration.ofSeconds(10), console::awaitPrinted);
  }

  @Test
  void anEventWhosePredecessorNeverComesIsPrintedOnceTheHoldIsOver() throws Exception {
    Lines lines = new Lines();
    Duration hold = Duration.ofMillis(200);
    OrderedConsole console = new OrderedConsole(new PrintWriter(lines), hold);
    console.known(Map.of("app", READY));
    long start = System.nanoTime();
    console.event(event("app", UNLOADING, BEING_UNLOADED), List.of("capsule app: UNLOADING -> WAITING"));

    assertEquals("capsule app: UNLOADING -> WAITING", lines.printed.poll(10, TimeUnit.SECONDS));
    long waited = System.nanoTime() - start;
    assertTrue(waited >= hold.toNanos(), "printed after " + waited + " ns, before the hold was over");
    console.close();
  }

  @Test
  void aTerminalThatDoesNotReadKeepsNoSenderWaiting() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    Lines lines = new Lines() {
      @Override
      public void write(char[] buffer, int offset, int length) {
        try {
          reading.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.write(buffer, offset, length);
      }
    };
    OrderedConsole console = new OrderedConsole(new PrintWriter(lines), NEVER);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 100; i++) {
        console.print(List.of("line " + i));
      }
    });
    reading.countDown();
    console.close();
    assertEquals(100, lines.printed.size());
    assertEquals("line 99", List.copyOf(lines.printed).getLast());
  }

  /** A terminal: each line written is taken as soon as it is flushed. */
  private static class Lines extends Writer {
    final BlockingQueue<String> printed = new LinkedBlockingQueue<>();
    private final StringBuilder pending = new StringBuilder();

    @Override
    public void write(char[] buffer, int offset, int length) {
      synchronized (pending) {
        pending.append(buffer, offset, length);
      }
    }

    @Override
    public void flush() {
      synchronized (pending) {
        String[] parts = pending.toString().split(System.lineSeparator(), -1);
        for (int i = 0; i < parts.length - 1; i++) {
          printed.add(parts[i]);
        }
        pending.setLength(0);
        pending.append(parts[parts.length - 1]);
      }
    }

    @Override
    public void close() {}
  }
}
