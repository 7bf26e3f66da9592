package io.astrid.capsule.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.KeyValueException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 3: the key-value file grew without bound (one 1 MiB key overwritten 200 times
 * added 211 MB), and a capsule could fill the disk.
 */
class Issue13Finding3Test {
  private static final int MIB = 1024 * 1024;

  @TempDir
  Path state;

  @Test
  void finding3_overwritingOneLargeKeyReusesItsSpace() {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"))) {
      for (int i = 0; i < 200; i++) {
        store.put("big", "blob", new byte[MIB]);
      }
      long bytes = store.fileBytes();
      assertTrue(bytes < 8L * MIB, "200 overwrites of 1 MiB left a file of " + bytes + " bytes");
    }
  }

  @Test
  void finding3_smallWritesCostAboutTheirSize() {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"))) {
      for (int i = 0; i < 500; i++) {
        store.put("small", "key-" + i, new byte[100]);
      }
      long bytes = store.fileBytes();
      // Before: about 18 KB of file per write, 9 MB here.
      assertTrue(bytes < MIB, "500 writes of 100 bytes left a file of " + bytes + " bytes");
    }
  }

  @Test
  void finding3_aCapsuleOverItsByteQuotaIsRefusedAndNothingChanges() {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"), 100, 10)) {
      store.put("notes", "a", new byte[60]);
      KeyValueException e = assertThrows(KeyValueException.class, () -> store.put("notes", "b", new byte[60]));
      assertEquals("kv [notes] set [b]: quota of 100 bytes exceeded (122 bytes with this value)", e.getMessage());
      assertEquals(Optional.empty(), store.get("notes", "b"));
      // Replacing a value counts its old size out; another capsule has a quota of its own.
      store.put("notes", "a", new byte[99]);
      store.put("other", "b", new byte[99]);
    }
  }

  @Test
  void finding3_aCapsuleOverItsKeyQuotaIsRefusedUntilItDeletes() {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"), 1_000, 2)) {
      store.put("notes", "a", new byte[1]);
      store.put("notes", "b", new byte[1]);
      KeyValueException e = assertThrows(KeyValueException.class, () -> store.put("notes", "c", new byte[1]));
      assertEquals("kv [notes] set [c]: quota of 2 keys exceeded", e.getMessage());
      store.delete("notes", "a");
      store.put("notes", "c", new byte[] {3});
      assertArrayEquals(new byte[] {3}, store.get("notes", "c").orElseThrow());
    }
  }

  @Test
  void finding3_usageIsCountedFromTheFileAfterARestart() {
    Path file = state.resolve("kv.mv.db");
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(file, 1_000, 2)) {
      store.put("notes", "a", new byte[1]);
      store.put("notes", "b", new byte[1]);
    }
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(file, 1_000, 2)) {
      KeyValueException e = assertThrows(KeyValueException.class, () -> store.put("notes", "c", new byte[1]));
      assertEquals("kv [notes] set [c]: quota of 2 keys exceeded", e.getMessage());
    }
  }

  @Test
  void finding3_aQuotaBelowOneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MvStoreKeyValueStore(state.resolve("kv.mv.db"), 0, 10));
    assertEquals("kv.quota.bytes < 1: 0", e.getMessage());
  }
}
