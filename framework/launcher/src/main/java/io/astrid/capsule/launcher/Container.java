package io.astrid.capsule.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;

/**
 * The OSGi container as the commands see it: started on first use (so {@code --help} and usage
 * errors never boot a framework), stopped when the command ends.
 */
final class Container implements AutoCloseable {
  /** Declarative Services activates components lazily; on 2 cores the first one takes a moment. */
  static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(30);

  private final Path bundleDirectory;
  private final List<Settings.Layer> settings;
  private EmbeddedFramework framework;

  Container(Path bundleDirectory, List<Settings.Layer> settings) {
    this.bundleDirectory = bundleDirectory;
    this.settings = new ArrayList<>(settings);
  }

  /** Adds a settings layer after the others, before the framework starts (the command that needs it adds it). */
  synchronized void addSettings(Settings.Layer layer) {
    if (framework != null) {
      throw new IllegalStateException("settings layer [" + layer.directory() + "] added after the framework started");
    }
    settings.add(layer);
  }

  /** The framework's service of {@code type}, starting the framework if needed. */
  <T> T service(Class<T> type) {
    return started().service(type, SERVICE_TIMEOUT);
  }

  /** The framework's service of {@code type} whose properties match the LDAP {@code filter}. */
  <T> T service(Class<T> type, String filter) {
    return started().service(type, Optional.of(filter), SERVICE_TIMEOUT);
  }

  private synchronized EmbeddedFramework started() {
    if (framework == null) {
      framework = EmbeddedFramework.start(bundleDirectory, settings);
    }
    return framework;
  }

  /** Registers a service of the launcher's own, starting the framework if needed. */
  <T> void register(Class<T> type, T service) {
    started().register(type, service);
  }

  /** Registers a service of the launcher's own with service properties, starting the framework if needed. */
  <T> void register(Class<T> type, T service, Dictionary<String, ?> properties) {
    started().register(type, service, properties);
  }

  /** Installs and starts the bundles of {@code directory} beside those already running. */
  void startBundles(Path directory) {
    started().startBundles(directory);
  }

  /** Returns once the framework has stopped, stopped by one of its bundles (such as the Gogo shell's exit). */
  void awaitStop() throws InterruptedException {
    started().awaitStop();
  }

  @Override
  public synchronized void close() {
    if (framework != null) {
      framework.close();
      framework = null;
    }
  }
}
