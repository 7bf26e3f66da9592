package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.core.internal.host.MvStoreKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * What a durable key-value write costs (issue 13, finding 2), in one run: {@code astrid_kv_set} and
 * {@code astrid_kv_get} from a wasm guest (host-functions.wasm on our engine), beside the same store
 * called directly from Java, beside the store as it was before (an MVStore committed on the caller's
 * thread, never synced). Each set writes a new 100-byte value under one of 1,000 keys. First it prints
 * the file's size after 10,000 and 100,000 writes of 100 bytes under distinct keys (finding 3), before
 * and now. Run with {@code ./build bench kv}.
 */
public final class KvLatencyHarness {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int KEYS = 1_000;
  private static final byte[] VALUE = "v".repeat(100).getBytes(StandardCharsets.UTF_8);
  private static final String SET = "kv set, 100 B";
  private static final String GET = "kv get, 100 B";

  private KvLatencyHarness() {}

  public static void main(String[] args) throws Exception {
    for (int writes : new int[] {10_000, 100_000}) {
      printFileSizes(writes);
    }
    LatencyPlan plan = LatencyPlan.fromSystemProperties();
    Path wasm = WasmLatencyHarness.PLUGINS.resolve("host-functions.wasm");
    List<LatencyRow> rows = List.of(new LatencyRow(SET, wasm, "kv_set", new byte[0]),
        new LatencyRow(GET, wasm, "kv_get", utf8("key-0")));
    Map<String, Map<String, CallTimer.Call>> hosts = new LinkedHashMap<>();
    try (Engine engine = WasmLatencyHarness.compilingEngine();
        WasmPlugin guest = WasmLatencyHarness.load(engine, Files.readAllBytes(wasm), "host-functions.wasm",
            Files.createTempDirectory("kv-bench"));
        MvStoreKeyValueStore direct = new MvStoreKeyValueStore(
            Files.createTempDirectory("kv-bench").resolve("kv.mv.db"));
        UnsyncedStore before = new UnsyncedStore(Files.createTempDirectory("kv-bench").resolve("kv.mv.db"))) {
      // Every host holds key-0 before any row runs: the rows are warmed up in no fixed order.
      guest.call("kv_set", utf8("key-0\n" + new String(VALUE, StandardCharsets.UTF_8)), TIMEOUT);
      direct.put("bench", "key-0", VALUE);
      before.put("key-0", VALUE);
      int[] next = new int[3];
      hosts.put("wasm guest, durable", Map.of(
          SET, () -> guest.call("kv_set", utf8("key-" + next[0]++ % KEYS + "\n" + new String(VALUE,
              StandardCharsets.UTF_8)), TIMEOUT),
          GET, () -> guest.call("kv_get", utf8("key-0"), TIMEOUT)));
      hosts.put("Java, durable", Map.of(
          SET, () -> {
            direct.put("bench", "key-" + next[1]++ % KEYS, VALUE);
            return new byte[0];
          },
          GET, () -> direct.get("bench", "key-0").orElseThrow()));
      hosts.put("Java, before (no sync)", Map.of(
          SET, () -> before.put("key-" + next[2]++ % KEYS, VALUE),
          GET, () -> before.get("key-0")));
      Map<String, Map<String, Measurement>> measured = CallTimer.run(plan, hosts);
      System.out.println();
      System.out.printf("Key-value calls: %d ms of warm-up per row, then %d rounds of %d ms (at most %,d calls)"
          + " per row%n", plan.warmupMs(), plan.rounds(), plan.measureMs(), plan.maxCalls());
      LatencyTable.print(System.out, rows, measured);
    }
  }

  /** The file after {@code writes} distinct keys: before from one thread, now from 8 (group commit). */
  private static void printFileSizes(int writes) throws Exception {
    Path beforeFile = Files.createTempDirectory("kv-size").resolve("kv.mv.db");
    long start = System.nanoTime();
    try (UnsyncedStore before = new UnsyncedStore(beforeFile)) {
      for (int i = 0; i < writes; i++) {
        before.put("key-" + i, VALUE);
      }
    }
    long beforeNs = System.nanoTime() - start;
    Path nowFile = Files.createTempDirectory("kv-size").resolve("kv.mv.db");
    start = System.nanoTime();
    int threads = 8;
    try (MvStoreKeyValueStore now = new MvStoreKeyValueStore(nowFile, Long.MAX_VALUE, Long.MAX_VALUE)) {
      Thread[] writers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int first = t;
        writers[t] = Thread.ofPlatform().start(() -> {
          for (int i = first; i < writes; i += threads) {
            now.put("bench", "key-" + i, VALUE);
          }
        });
      }
      for (Thread writer : writers) {
        writer.join();
      }
    }
    long nowNs = System.nanoTime() - start;
    System.out.printf("kv file after %,d writes of 100 B: before %,d bytes (%d s), now %,d bytes (%d s, durable)%n",
        writes, Files.size(beforeFile), beforeNs / 1_000_000_000, Files.size(nowFile), nowNs / 1_000_000_000);
    Files.delete(beforeFile);
    Files.delete(nowFile);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The store as it was before issue 13: put and commit on the caller's thread, never synced. */
  private static final class UnsyncedStore implements AutoCloseable {
    private final MVStore store;
    private final MVMap<String, byte[]> map;

    UnsyncedStore(Path file) {
      this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      this.map = store.openMap("kv.bench");
    }

    synchronized byte[] put(String key, byte[] value) {
      map.put(key, value.clone());
      store.commit();
      return new byte[0];
    }

    byte[] get(String key) {
      return map.get(key).clone();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
