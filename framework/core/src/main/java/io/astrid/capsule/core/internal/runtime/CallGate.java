package io.astrid.capsule.core.internal.runtime;

import java.time.Duration;

/**
 * Counts the calls running on one capsule so that unloading it waits for them: a replaced
 * capsule's in-flight calls finish on the old engines. Once closed, no call enters.
 */
final class CallGate {
  private int inFlight;
  private boolean open;

  synchronized void open() {
    open = true;
  }

  /** True when the call may run; then {@link #exit()} must follow. */
  synchronized boolean enter() {
    if (!open) {
      return false;
    }
    inFlight++;
    return true;
  }

  synchronized void exit() {
    inFlight--;
    if (inFlight == 0) {
      notifyAll();
    }
  }

  /** Lets no new call in and waits up to {@code timeout} for the running ones; false if some are left. */
  synchronized boolean closeAndDrain(Duration timeout) throws InterruptedException {
    open = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
