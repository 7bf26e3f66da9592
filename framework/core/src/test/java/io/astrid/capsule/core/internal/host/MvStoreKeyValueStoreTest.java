package io.astrid.capsule.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreKeyValueStoreTest {
  @TempDir
  Path state;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void valuesSurviveAReopen() throws Exception {
    Path file = state.resolve("nested/kv.mv.db");
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(file)) {
      store.put("notes", "greeting", bytes("hello"));
      store.put("notes", "binary", new byte[] {0, (byte) 0xff, 7});
    }
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(file)) {
      assertArrayEquals(bytes("hello"), store.get("notes", "greeting").orElseThrow());
      assertArrayEquals(new byte[] {0, (byte) 0xff, 7}, store.get("notes", "binary").orElseThrow());
    }
  }

  @Test
  void capsulesNeverSeeEachOthersKeys() throws Exception {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"))) {
      store.put("a", "k", bytes("from a"));
      assertEquals(Optional.empty(), store.get("b", "k"));
      store.put("b", "k", bytes("from b"));
      assertArrayEquals(bytes("from a"), store.get("a", "k").orElseThrow());
    }
  }

  @Test
  void deleteSaysWhetherThereWasAValue() throws Exception {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"))) {
      store.put("a", "k", bytes("v"));
      assertTrue(store.delete("a", "k"));
      assertFalse(store.delete("a", "k"));
      assertEquals(Optional.empty(), store.get("a", "k"));
    }
  }

  @Test
  void aStoredValueIsACopy() throws Exception {
    try (MvStoreKeyValueStore store = new MvStoreKeyValueStore(state.resolve("kv.mv.db"))) {
      byte[] value = bytes("abc");
      store.put("a", "k", value);
      value[0] = 'X';
      assertArrayEquals(bytes("abc"), store.get("a", "k").orElseThrow());
    }
  }
}
