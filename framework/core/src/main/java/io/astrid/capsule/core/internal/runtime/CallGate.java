package io.astrid.capsule.core.internal.runtime;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Counts the calls running on one capsule so that unloading it waits for them: a replaced
 * capsule's in-flight calls finish on the old engines. Once closed, no call enters.
 *
 * <p>When an engine goes away under its calls (its bundle is stopped or updated, issue 16) they are
 * not waited for: the gate is revoked, every call in flight is told why and its thread interrupted
 * (as the call timeout does), so that it fails at once with that reason instead of the engine's own
 * error about being unloaded, or running to its timeout.
 */
final class CallGate {
  private final Set<Ticket> inFlight = new HashSet<>(); // guarded by this
  private boolean open; // guarded by this

  synchronized void open() {
    open = true;
  }

  /** The entered call when it may run, then {@link Ticket#exit()} must follow on the same thread; else empty. */
  synchronized Optional<Ticket> enter() {
    if (!open) {
      return Optional.empty();
    }
    Ticket ticket = new Ticket(Thread.currentThread());
    inFlight.add(ticket);
    return Optional.of(ticket);
  }

  /** Lets no new call in and waits up to {@code timeout} for the running ones; false if some are left. */
  synchronized boolean closeAndDrain(Duration timeout) throws InterruptedException {
    open = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!inFlight.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * Lets no new call in and ends the running ones without waiting: each learns {@code why} at its
   * {@link Ticket#exit()} and its thread is interrupted, so that an engine waiting or running for it stops.
   */
  synchronized void closeAndRevoke(String why) {
    open = false;
    inFlight.forEach(ticket -> ticket.revoke(why));
  }

  private synchronized void left(Ticket ticket) {
    inFlight.remove(ticket);
    if (inFlight.isEmpty()) {
      notifyAll();
    }
  }

  /** One call in flight: the thread it runs on, and why it was revoked, if it was. */
  final class Ticket {
    private final Thread thread;
    private String revokedBecause; // guarded by this
    private boolean ended; // guarded by this

    private Ticket(Thread thread) {
      this.thread = thread;
    }

    /**
     * Ends the call. When it was revoked, its thread was interrupted for the call alone: that interrupt
     * is cleared here.
     *
     * @return why the call was revoked while it ran, if it was
     */
    Optional<String> exit() {
      left(this);
      String why;
      synchronized (this) {
        ended = true;
        why = revokedBecause;
      }
      if (why != null) {
        Thread.interrupted();
      }
      return Optional.ofNullable(why);
    }

    /** Under the lock, so that a call that has just ended never has its thread interrupted. */
    private synchronized void revoke(String why) {
      if (!ended) {
        revokedBecause = why;
        thread.interrupt();
      }
    }
  }
}
