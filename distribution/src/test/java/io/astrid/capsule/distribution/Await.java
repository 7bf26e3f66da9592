package io.astrid.capsule.distribution;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for a condition that has nothing to block on (a file, a thread, a service going away). */
final class Await {
  private Await() {}

  /** Returns once {@code condition} holds, looking every 20 ms; fails naming {@code what} after {@code timeout}. */
  static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
