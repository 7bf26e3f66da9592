package io.astrid.capsule.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.CapsuleException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableMvStoreTest {
  @TempDir
  Path state;

  private static MVMap<String, String> map(MVStore store) {
    return store.openMap("m");
  }

  @Test
  void aStoreThatClosesAnywayIsReopenedWithWhatWasAcknowledged() {
    AtomicInteger reopened = new AtomicInteger();
    try (DurableMvStore store = new DurableMvStore(state.resolve("s.mv.db"), "test-store", reopened::incrementAndGet)) {
      store.write(s -> map(s).put("acknowledged", "yes"));
      // What a failed write does to an MVStore: it closes itself, with a change not yet committed.
      store.read(s -> {
        map(s).put("never acknowledged", "no");
        s.closeImmediately();
        return null;
      });
      assertEquals("yes", store.read(s -> map(s).get("acknowledged")));
      assertEquals(Optional.empty(), store.read(s -> Optional.ofNullable(map(s).get("never acknowledged"))));
      assertEquals(1, reopened.get());
    }
  }

  @Test
  void anOperationsOwnFailureReachesItsCallerAsItIs() {
    try (DurableMvStore store = new DurableMvStore(state.resolve("s.mv.db"), "test-store", () -> { })) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.write(s -> {
        throw new IllegalStateException("refused");
      }));
      assertEquals("refused", e.getMessage());
      store.write(s -> map(s).put("k", "v"));
      assertEquals("v", store.read(s -> map(s).get("k")));
    }
  }

  @Test
  void aClosedStoreRefusesOperations() {
    Path file = state.resolve("s.mv.db");
    DurableMvStore store = new DurableMvStore(file, "test-store", () -> { });
    store.close();
    CapsuleException e = assertThrows(CapsuleException.class, () -> store.read(s -> null));
    assertEquals("store [" + file.toAbsolutePath() + "]: closed", e.getMessage());
  }
}
