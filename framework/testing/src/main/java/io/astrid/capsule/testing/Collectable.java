package io.astrid.capsule.testing;

import java.lang.ref.WeakReference;
import java.time.Duration;

/**
 * Waits, boundedly, for the garbage collector to clear a reference: proof that nothing holds the
 * referent (an unloaded capsule's layer loader, an updated bundle's class loader).
 */
public final class Collectable {
  private Collectable() {}

  /**
   * Returns once {@code reference} is cleared; fails within {@code timeout} with a heap-holder hint.
   *
   * @param what the referent, for the message ({@code the layer loader of the unloaded capsule})
   */
  public static void await(WeakReference<?> reference, String what, Duration timeout) {
    try {
      Await.until(() -> collected(reference), timeout, what + " is still reachable after GC: something holds it;"
          + " find the holder with jcmd <pid> GC.heap_dump and the dominator tree (or jmap -histo:live <pid> | grep"
          + " Loader)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what + " to be collected", e);
    }
  }

  private static boolean collected(WeakReference<?> reference) {
    System.gc();
    // Allocation pressure makes the collector run where System.gc() is a hint only.
    byte[][] pressure = new byte[64][];
    for (int i = 0; i < pressure.length; i++) {
      pressure[i] = new byte[256 * 1024];
    }
    return reference.get() == null;
  }
}
