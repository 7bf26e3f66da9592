package io.astrid.capsule.api.security;

import java.util.function.Supplier;

/**
 * The time a thread has spent waiting for a human to answer an approval request. No call timeout
 * counts it: while the gate waits for a human, the clock of the call on that thread pauses, and
 * the wait is bounded by the approval timeout instead ({@code approval.timeout.ms}). Otherwise a
 * 10 s call timeout would abandon a question the prompt gives the human 120 s for.
 *
 * <p>The gate runs each wait for an {@link Approver} inside {@link #during}. Whatever times a call
 * (an engine's watchdog, the tool pipeline) takes {@link #ofCurrentThread()} on the thread that
 * runs the call and subtracts the growth of {@link #waitedNanos(long)} from the call's elapsed
 * time. A wait ends when {@code during} returns, so a call's clock resumes then.
 *
 * <p>Thread-safe: one thread waits, any thread reads. Each thread has its own instance, which is
 * dropped with the thread.
 */
public final class HumanWait {
  private static final ThreadLocal<HumanWait> OF_THREAD = ThreadLocal.withInitial(HumanWait::new);

  private long waitedNanos;
  private long since;
  private int depth;

  private HumanWait() {}

  /** The wait account of the calling thread. */
  public static HumanWait ofCurrentThread() {
    return OF_THREAD.get();
  }

  /**
   * Runs {@code wait} (asking a human and waiting for the answer) with the calling thread marked
   * as waiting for a human. Nested waits count once.
   */
  public static <T> T during(Supplier<T> wait) {
    HumanWait account = OF_THREAD.get();
    account.begin(System.nanoTime());
    try {
      return wait.get();
    } finally {
      account.end(System.nanoTime());
    }
  }

  /**
   * The nanoseconds this thread has waited for humans up to {@code now} ({@link System#nanoTime()}),
   * a wait in progress included. Only differences between two readings mean something.
   */
  public synchronized long waitedNanos(long now) {
    return depth > 0 ? waitedNanos + (now - since) : waitedNanos;
  }

  private synchronized void begin(long now) {
    if (depth++ == 0) {
      since = now;
    }
  }

  private synchronized void end(long now) {
    if (--depth == 0) {
      waitedNanos += now - since;
    }
  }
}
