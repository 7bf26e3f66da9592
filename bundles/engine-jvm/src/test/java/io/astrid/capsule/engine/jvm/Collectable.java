package io.astrid.capsule.engine.jvm;

import java.lang.ref.WeakReference;

/** Waits, boundedly, for the garbage collector to clear a reference: proof that nothing holds the referent. */
final class Collectable {
  private static final long TIMEOUT_MS = 10_000;

  private Collectable() {}

  /** Fails with a heap-holder hint when {@code reference} is not cleared within the timeout. */
  static void await(WeakReference<?> reference, String what) {
    long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
    while (reference.get() != null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " is still reachable after " + TIMEOUT_MS + " ms of GC: something holds it;"
            + " find the holder with jcmd <pid> GC.heap_dump and the dominator tree (or jmap -histo:live <pid> | grep"
            + " jdk.internal.loader.Loader)");
      }
      System.gc();
      // Allocation pressure makes the collector run where System.gc() is a hint only.
      byte[][] pressure = new byte[64][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[256 * 1024];
      }
    }
  }
}
