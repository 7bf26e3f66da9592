package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.engine.EngineFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * A real Felix for tests of service tracking: factories and interceptors are registered and
 * unregistered through its system bundle context, exactly as bundles coming and going would.
 */
final class RunningFramework implements AutoCloseable {
  private final Felix felix;
  private final Path storage;

  RunningFramework() {
    try {
      storage = Files.createTempDirectory("capsule-test-felix-");
      felix = new Felix(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
          Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
      felix.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (BundleException e) {
      throw new IllegalStateException(e);
    }
  }

  BundleContext context() {
    return felix.getBundleContext();
  }

  ServiceRegistration<EngineFactory> register(EngineFactory factory, int ranking) {
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put(EngineFactory.KIND_PROPERTY, factory.kind());
    properties.put(Constants.SERVICE_RANKING, ranking);
    return context().registerService(EngineFactory.class, factory, properties);
  }

  ServiceRegistration<EngineFactory> register(EngineFactory factory) {
    return register(factory, 0);
  }

  <T> ServiceRegistration<T> register(Class<T> type, T service, int ranking) {
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put(Constants.SERVICE_RANKING, ranking);
    return context().registerService(type, service, properties);
  }

  @Override
  public void close() throws Exception {
    felix.stop();
    felix.waitForStop(10_000);
    try (Stream<Path> paths = Files.walk(storage)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
