package io.astrid.capsule.core.internal.host;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.host.KeyValueException;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.core.internal.store.DurableMvStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The key-value store in one MVStore file ({@code kv.mv.db} in the state directory), one map per
 * capsule so that namespaces never mix. The file's I/O, durability and compaction are
 * {@link DurableMvStore}'s; this class keeps each capsule within its quota.
 */
@Component(service = KeyValueStore.class, configurationPid = KeyValueStore.PID)
@Designate(ocd = MvStoreKeyValueStore.Config.class)
public final class MvStoreKeyValueStore implements KeyValueStore, AutoCloseable {
  static final String FILE_NAME = "kv.mv.db";

  @ObjectClassDefinition(name = "Astrid key-value store", description = "Capsules' key-value data and its quotas.")
  public @interface Config {
    @AttributeDefinition(description = "the most bytes (keys' UTF-8 bytes plus values) one capsule may store")
    long kv_quota_bytes() default DEFAULT_QUOTA_BYTES;

    @AttributeDefinition(description = "the most keys one capsule may store")
    long kv_quota_keys() default DEFAULT_QUOTA_KEYS;
  }

  /** What one capsule stores now; counted from its map when first needed after the store (re)opens. */
  private static final class Usage {
    long keys;
    long bytes;
  }

  /** The two quotas, checked together and replaced together. */
  private record Quota(long bytes, long keys) {
    Quota {
      if (bytes < 1) {
        throw new IllegalArgumentException(QUOTA_BYTES + " < 1: " + bytes);
      }
      if (keys < 1) {
        throw new IllegalArgumentException(QUOTA_KEYS + " < 1: " + keys);
      }
    }
  }

  /** Replaced by {@link #modified}; the next write is judged by the new quota. */
  private volatile Quota quota;
  private final DurableMvStore store;
  /** Touched only on the store thread. */
  private final Map<String, Usage> usage = new HashMap<>();

  @Activate
  public MvStoreKeyValueStore(BundleContext context, Config config) {
    this(StateDirectory.resolve("", context.getProperty(StateDirectory.PROPERTY)).resolve(FILE_NAME),
        config.kv_quota_bytes(), config.kv_quota_keys());
  }

  /** A store with the default quotas. */
  public MvStoreKeyValueStore(Path file) {
    this(file, DEFAULT_QUOTA_BYTES, DEFAULT_QUOTA_KEYS);
  }

  public MvStoreKeyValueStore(Path file, long quotaBytes, long quotaKeys) {
    this.quota = new Quota(quotaBytes, quotaKeys);
    this.store = new DurableMvStore(file, "astrid-kv-store", usage::clear);
  }

  /** New quotas without closing the store (issue 16); what a capsule stores already stays. */
  @Modified
  void modified(Config config) {
    quota = new Quota(config.kv_quota_bytes(), config.kv_quota_keys());
  }

  @Override
  public Optional<byte[]> get(String capsuleId, String key) {
    return failing("get", capsuleId, key,
        () -> store.read(s -> Optional.ofNullable(map(s, capsuleId).get(key))));
  }

  @Override
  public void put(String capsuleId, String key, byte[] value) {
    byte[] copy = value.clone();
    failing("set", capsuleId, key, () -> store.write(s -> {
      MVMap<String, byte[]> map = map(s, capsuleId);
      Usage used = usage(capsuleId, map);
      byte[] old = map.get(key);
      long keys = used.keys + (old == null ? 1 : 0);
      long bytes = used.bytes - size(key, old) + size(key, copy);
      Quota current = quota;
      if (keys > current.keys()) {
        throw new KeyValueException(what("set", capsuleId, key) + ": quota of " + current.keys() + " keys exceeded");
      }
      if (bytes > current.bytes()) {
        throw new KeyValueException(what("set", capsuleId, key) + ": quota of " + current.bytes() + " bytes exceeded"
            + " (" + bytes + " bytes with this value)");
      }
      map.put(key, copy);
      used.keys = keys;
      used.bytes = bytes;
      return null;
    }));
  }

  @Override
  public boolean delete(String capsuleId, String key) {
    return failing("delete", capsuleId, key, () -> store.write(s -> {
      MVMap<String, byte[]> map = map(s, capsuleId);
      Usage used = usage(capsuleId, map);
      byte[] old = map.remove(key);
      if (old == null) {
        return false;
      }
      used.keys--;
      used.bytes -= size(key, old);
      return true;
    }));
  }

  /** The size of the file in bytes now (for measurements). */
  long fileBytes() {
    return store.fileBytes();
  }

  private Usage usage(String capsuleId, MVMap<String, byte[]> map) {
    return usage.computeIfAbsent(capsuleId, id -> {
      Usage counted = new Usage();
      map.forEach((key, value) -> {
        counted.keys++;
        counted.bytes += size(key, value);
      });
      return counted;
    });
  }

  private static long size(String key, byte[] value) {
    return value == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length + (long) value.length;
  }

  private static MVMap<String, byte[]> map(MVStore s, String capsuleId) {
    return s.openMap("kv." + capsuleId);
  }

  private static String what(String operation, String capsuleId, String key) {
    return "kv [" + capsuleId + "] " + operation + " [" + key + "]";
  }

  /** Names the operation in a failure of the store beneath it. */
  private static <T> T failing(String operation, String capsuleId, String key, Supplier<T> action) {
    try {
      return action.get();
    } catch (KeyValueException e) {
      throw e;
    } catch (CapsuleException e) {
      throw new KeyValueException(what(operation, capsuleId, key) + ": " + e.getMessage(), e);
    }
  }

  @Deactivate
  @Override
  public void close() {
    store.close();
  }
}
