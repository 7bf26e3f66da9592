package io.astrid.capsule.api.host;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Persistent key-value storage, one namespace per capsule: a capsule never sees another's keys.
 * A value written is durable when {@link #put} returns.
 */
@ProviderType
public interface KeyValueStore {

  /** The value of {@code key} in {@code capsuleId}'s namespace, if there is one. */
  Optional<byte[]> get(String capsuleId, String key);

  /** Stores {@code value} under {@code key}, replacing any value it had. */
  void put(String capsuleId, String key, byte[] value);

  /** Removes {@code key}; true when it had a value. */
  boolean delete(String capsuleId, String key);
}
