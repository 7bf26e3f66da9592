package io.astrid.capsule.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.KeyValueException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 1: a call's timeout interrupts its thread while it writes to the key-value store;
 * that interrupt closed the shared store for every capsule ({@code This store is closed}).
 */
class Issue13Finding1Test {
  private static final int WRITES = 300;

  @TempDir
  Path state;

  @Test
  void finding1_interruptsDuringWritesLeaveTheStoreWorkingForEveryCapsule() throws Exception {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"))) {
      AtomicInteger interrupted = new AtomicInteger();
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      CountDownLatch writing = new CountDownLatch(1);
      Thread writer = Thread.ofPlatform().name("guest-call").start(() -> {
        for (int i = 0; i < WRITES; i++) {
          writing.countDown();
          try {
            store.put("timed-out", "k" + i, new byte[4096]);
          } catch (KeyValueException e) {
            if (!e.getMessage().contains(": interrupted while waiting for the store thread")) {
              unexpected.set(e);
            }
            Thread.interrupted();
            interrupted.incrementAndGet();
          }
        }
      });
      assertTrue(writing.await(10, TimeUnit.SECONDS));
      // The watchdog's part: interrupt the writing thread over and over, at whatever it is doing.
      while (writer.isAlive()) {
        writer.interrupt();
        writer.join(Duration.ofMillis(1));
      }
      assertEquals(null, unexpected.get());
      assertTrue(interrupted.get() > 0, "no write was interrupted");

      store.put("other", "greeting", "hello".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), store.get("other", "greeting").orElseThrow());
      store.put("timed-out", "after", new byte[] {1});
      assertArrayEquals(new byte[] {1}, store.get("timed-out", "after").orElseThrow());
    }
  }

  @Test
  void finding1_anInterruptedCallerIsToldWhatHappenedAndKeepsItsInterrupt() throws Exception {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"))) {
      Thread.currentThread().interrupt();
      try {
        KeyValueException e = assertThrows(KeyValueException.class,
            () -> store.put("notes", "k", new byte[] {1}));
        assertEquals("kv [notes] set [k]: store [" + state.resolve("kv.mv.db").toAbsolutePath()
            + "]: interrupted while waiting for the store thread; the operation completes without this caller",
            e.getMessage());
        assertTrue(Thread.currentThread().isInterrupted());
      } finally {
        Thread.interrupted();
      }
      // The write the interrupted caller asked for was still made.
      assertArrayEquals(new byte[] {1}, store.get("notes", "k").orElseThrow());
    }
  }
}
