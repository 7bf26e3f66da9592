package io.astrid.capsule.launcher;

import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code run} console's one writer (issue 18): lines are handed off to a thread of its own, so
 * the threads that raise capsule events never wait for the terminal, and each capsule's events are
 * printed in the order they happened. They reach the console from the threads that raised them (a
 * capsule's lifecycle thread, the reload that unloads its dependents), so a dependent's
 * {@code WAITING -> WAITING} can arrive before its {@code READY -> UNLOADING}; but every event
 * continues the one before it ({@code previous} is the status the last one left), so an event that
 * does not continue the capsule's last printed status is held until the events before it have been
 * printed. A capsule the console has not heard of is UNLOADED (an install's first event starts
 * there), unless {@link #known} said otherwise. A held event whose predecessor does not come within
 * {@code hold} (one that was never delivered) is printed anyway, so no line is lost.
 *
 * <p>At most {@value #CAPACITY} items wait for the terminal; past that a terminal that stopped reading
 * makes their senders wait rather than the buffer grow.
 */
final class OrderedConsole implements AutoCloseable {
  static final int CAPACITY = 4096;
  private static final CapsuleStatus UNLOADED = CapsuleStatus.of(CapsuleState.UNLOADED);

  private final PrintWriter out;
  private final long holdNanos;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY);
  /** Per capsule: the status its last printed (or passed) event left; touched by the writer thread only. */
  private final Map<String, CapsuleStatus> last = new HashMap<>();
  /** Events waiting for their predecessor, in arrival order; writer thread only. */
  private final List<Held> held = new ArrayList<>();
  private final Thread writer;
  private boolean closed;

  private sealed interface Item {}

  /** Lines printed as they are, in their turn. */
  private record Lines(List<String> lines) implements Item {}

  /** A capsule's event and its lines; {@code lines} empty: it only moves the capsule's order on. */
  private record Event(CapsuleEvent event, List<String> lines) implements Item {}

  /** The statuses of capsules loaded before their events reached this console. */
  private record Known(Map<String, CapsuleStatus> statuses) implements Item {}

  /** Reached once everything handed in before it is printed (or held for its predecessor). */
  private record Printed(CountDownLatch latch) implements Item {}

  /** The last item: what is held is printed, then the writer ends. */
  private record End() implements Item {}

  private record Held(Event event, long deadline) {}

  OrderedConsole(PrintWriter out, Duration hold) {
    this.out = out;
    this.holdNanos = hold.toNanos();
    this.writer = Thread.ofPlatform().name("capsule-console").daemon().start(this::write);
  }

  /** Prints {@code lines} after whatever was handed in before. */
  void print(List<String> lines) {
    put(new Lines(List.copyOf(lines)));
  }

  /**
   * Prints {@code lines} for {@code event} once the capsule's events before it are printed; with no
   * lines, the event is not printed but counts as having happened.
   */
  void event(CapsuleEvent event, List<String> lines) {
    put(new Event(event, List.copyOf(lines)));
  }

  /** Capsules' statuses as they are now, before the events handed in after this. */
  void known(Map<String, CapsuleStatus> statuses) {
    put(new Known(Map.copyOf(statuses)));
  }

  /**
   * Returns once everything handed in before is printed, but for events held for their
   * predecessors: a reload's lines are on the terminal when its command returns, as they were when
   * the reloading thread printed them itself.
   */
  void awaitPrinted() {
    CountDownLatch latch = new CountDownLatch(1);
    if (!put(new Printed(latch))) {
      return; // closed: what was handed in before is printed by close
    }
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hands {@code item} to the writer; false once closed, as the writer takes nothing after its end. */
  private synchronized boolean put(Item item) {
    if (closed) {
      return false;
    }
    try {
      queue.put(item);
      closed = item instanceof End;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Prints what was handed in (held events too), then stops the writer, waiting at most 5 s. */
  @Override
  public void close() {
    put(new End());
    try {
      writer.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write() {
    try {
      while (true) {
        long now = System.nanoTime();
        while (!held.isEmpty() && held.getFirst().deadline() - now <= 0) {
          release(held.removeFirst().event()); // its predecessor never came
        }
        Item item = held.isEmpty() ? queue.take()
            : queue.poll(held.getFirst().deadline() - now, TimeUnit.NANOSECONDS);
        switch (item) {
          case null -> { } // a held event's time is up: released above
          case Lines lines -> emit(lines.lines());
          case Event event -> order(event);
          case Known known -> last.putAll(known.statuses());
          case Printed printed -> printed.latch().countDown();
          case End end -> {
            while (!held.isEmpty()) {
              release(held.removeFirst().event());
            }
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      // The launcher is exiting.
    }
  }

  private void order(Event event) {
    CapsuleStatus before = last.getOrDefault(event.event().capsuleId(), UNLOADED);
    if (before.equals(event.event().previous())) {
      release(event);
    } else {
      held.add(new Held(event, System.nanoTime() + holdNanos));
    }
  }

  /** Prints the event, then each held one of its capsule that now continues the order. */
  private void release(Event event) {
    String capsule = event.event().capsuleId();
    for (Event next = event; next != null; next = heldAfter(capsule)) {
      emit(next.lines());
      last.put(capsule, next.event().current());
    }
  }

  /** The held event of {@code capsule} that continues its last printed status, taken from the held ones. */
  private Event heldAfter(String capsule) {
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Event next = it.next().event();
      if (next.event().capsuleId().equals(capsule) && next.event().previous().equals(last.get(capsule))) {
        it.remove();
        return next;
      }
    }
    return null;
  }

  private void emit(List<String> lines) {
    if (!lines.isEmpty()) {
      lines.forEach(out::println);
      out.flush();
    }
  }
}
