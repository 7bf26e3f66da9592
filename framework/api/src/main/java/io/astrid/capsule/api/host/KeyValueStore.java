package io.astrid.capsule.api.host;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Persistent key-value storage, one namespace per capsule: a capsule never sees another's keys.
 *
 * <p>A value written is durable when {@link #put} (or {@link #delete}) returns: it survives the
 * process being killed. Methods are thread-safe. A caller interrupted while it waits (a call's
 * timeout) gets a {@link KeyValueException} with its interrupt flag set; the write it asked for may
 * still complete, and the store stays usable for every other capsule.
 *
 * <p>Each capsule's namespace has a quota of keys and of bytes (keys' UTF-8 bytes plus values'
 * bytes); a {@link #put} that would exceed either is refused with a {@link KeyValueException} and
 * changes nothing.
 */
@ProviderType
public interface KeyValueStore {
  /** The Config Admin PID of the store's configuration. */
  String PID = "io.astrid.capsule.kv";

  /**
   * Configuration key: the most bytes one capsule may store (keys' UTF-8 bytes plus values' bytes).
   * Type long, unit bytes, optional; default {@value #DEFAULT_QUOTA_BYTES}.
   */
  String QUOTA_BYTES = "kv.quota.bytes";

  /** The default of {@link #QUOTA_BYTES}: 64 MiB. */
  long DEFAULT_QUOTA_BYTES = 64L * 1024 * 1024;

  /**
   * Configuration key: the most keys one capsule may store. Type long, unit keys, optional; default
   * {@value #DEFAULT_QUOTA_KEYS}.
   */
  String QUOTA_KEYS = "kv.quota.keys";

  /** The default of {@link #QUOTA_KEYS}. */
  long DEFAULT_QUOTA_KEYS = 100_000;

  /** The value of {@code key} in {@code capsuleId}'s namespace, if there is one. */
  Optional<byte[]> get(String capsuleId, String key);

  /**
   * Stores {@code value} under {@code key}, replacing any value it had.
   *
   * @throws KeyValueException when the capsule's quota would be exceeded, or the store failed
   */
  void put(String capsuleId, String key, byte[] value);

  /** Removes {@code key}; true when it had a value. */
  boolean delete(String capsuleId, String key);
}
