package io.astrid.capsule.core.internal.host;

import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.host.StateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The key-value store in one MVStore file ({@code kv.mv.db} in the state directory): H2's embedded,
 * crash-safe store, one map per capsule so that namespaces never mix. Every write is committed
 * before it returns.
 */
@Component(service = KeyValueStore.class)
public final class MvStoreKeyValueStore implements KeyValueStore, AutoCloseable {
  static final String FILE_NAME = "kv.mv.db";

  private final MVStore store;

  @Activate
  public MvStoreKeyValueStore(BundleContext context) throws IOException {
    this(StateDirectory.resolve("", context.getProperty(StateDirectory.PROPERTY)).resolve(FILE_NAME));
  }

  public MvStoreKeyValueStore(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
  }

  @Override
  public Optional<byte[]> get(String capsuleId, String key) {
    return Optional.ofNullable(map(capsuleId).get(key));
  }

  @Override
  public synchronized void put(String capsuleId, String key, byte[] value) {
    map(capsuleId).put(key, value.clone());
    store.commit();
  }

  @Override
  public synchronized boolean delete(String capsuleId, String key) {
    boolean had = map(capsuleId).remove(key) != null;
    store.commit();
    return had;
  }

  private MVMap<String, byte[]> map(String capsuleId) {
    return store.openMap("kv." + capsuleId);
  }

  @Deactivate
  @Override
  public void close() {
    store.close();
  }
}
