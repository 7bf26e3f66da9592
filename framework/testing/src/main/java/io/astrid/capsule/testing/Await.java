package io.astrid.capsule.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The tests' one way of waiting with a deadline: for a condition that has nothing to block on (a file, a thread, a
 * service going away), or for the next wanted element of a queue that listeners fill (capsule events). Used by the
 * end-to-end tests in distribution/ and, inside the OSGi containers, by the Pax Exam tests of itests/ (this jar is
 * a bundle exporting this package for their probes).
 */
public final class Await {
  private static final long LOOK_EVERY_MS = 20;

  private Await() {}

  /** Returns once {@code condition} holds, looking every 20 ms; fails naming {@code what} after {@code timeout}. */
  public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    until(condition, timeout, () -> what);
  }

  /**
   * Returns once {@code condition} holds, looking every 20 ms; fails after {@code timeout} naming {@code what}, asked
   * only then (so that it can tell the state at that moment).
   */
  public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw notWithin(timeout, what.get());
      }
      TimeUnit.MILLISECONDS.sleep(LOOK_EVERY_MS);
    }
  }

  /**
   * Takes elements from {@code queue} until one is {@code wanted} and returns it (those before it are dropped); fails
   * after {@code timeout} naming {@code what}, asked only then (so that it can tell the state at that moment).
   */
  public static <T> T next(BlockingQueue<T> queue, Predicate<? super T> wanted, Duration timeout,
      Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      T element = queue.poll(left, TimeUnit.NANOSECONDS);
      if (element != null && wanted.test(element)) {
        return element;
      }
    }
    throw notWithin(timeout, what.get());
  }

  private static AssertionError notWithin(Duration timeout, String what) {
    return new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
  }
}
