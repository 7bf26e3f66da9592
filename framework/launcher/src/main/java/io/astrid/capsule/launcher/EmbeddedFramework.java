package io.astrid.capsule.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Apache Felix holding the bundles of one directory: what {@code bin/capsule} runs,
 * and what integration tests start to drive the real bundles from code. Its storage is a fresh temporary
 * directory, removed on {@link #close()}: every run starts from the bundles on disk, so an
 * updated distribution never meets a stale cache.
 */
public final class EmbeddedFramework implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFramework.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final String CONFIG_ADMIN_BUNDLE = "org.apache.felix.configadmin";

  private final Felix felix;
  private final Path storage;
  private final SettingsWatcher settingsWatcher;

  private EmbeddedFramework(Felix felix, Path storage, SettingsWatcher settingsWatcher) {
    this.felix = felix;
    this.storage = storage;
    this.settingsWatcher = settingsWatcher;
  }

  /** Starts Felix with the bundles of {@code bundleDirectory} and no configuration directory. */
  public static EmbeddedFramework start(Path bundleDirectory) {
    return start(bundleDirectory, Optional.empty());
  }

  /** Starts Felix with the bundles of {@code bundleDirectory} and the {@code PID.cfg} files of a directory. */
  public static EmbeddedFramework start(Path bundleDirectory, Optional<Path> configuration) {
    return start(bundleDirectory, configuration.map(dir -> List.of(new Settings.Layer("shipped", dir)))
        .orElse(List.of()));
  }

  /**
   * Starts Felix, installs every jar of {@code bundleDirectory} and starts them. The effective
   * {@link Settings} of {@code layers} are put into Config Admin before any other bundle starts, so
   * every component is configured from its first activation; the directories are watched from before
   * that first reading until {@link #close()}, and each change is applied live to the PIDs it changes
   * ({@link SettingsWatcher} says why no change is lost between the two).
   */
  static EmbeddedFramework start(Path bundleDirectory, List<Settings.Layer> layers) {
    Path storage;
    try {
      storage = Files.createTempDirectory("capsule-felix-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the framework's storage directory", e);
    }
    Map<String, Object> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackagesExtra());
    config.put("felix.log.level", "1");
    // The whiteboard's HTTP server listens only when the gateway switches it on (capsule run), never
    // at bundle start in every command.
    config.put("org.apache.felix.http.enable", "false");
    Felix felix = new Felix(config);
    EmbeddedFramework framework = new EmbeddedFramework(felix, storage, new SettingsWatcher(layers));
    try {
      felix.start();
      framework.installAndStart(bundleDirectory, layers);
      return framework;
    } catch (BundleException | RuntimeException e) {
      framework.close();
      throw new IllegalStateException("cannot start the OSGi framework with bundles from [" + bundleDirectory
          + "]: " + e.getMessage(), e);
    }
  }

  /**
   * What the system bundle exports from the class path ({@code org.osgi.framework.system.packages.extra}): the
   * capsule API, SLF4J and, when present, GraalVM polyglot. Pax Exam's Felix base (itests/) arranges its
   * container with it, so that both run the bundles on the same boot packages.
   */
  public static String systemPackagesExtra() {
    return BootPackages.systemPackagesExtra(EmbeddedFramework.class.getClassLoader());
  }

  /** The service of type {@code type}, waiting up to {@code timeout} for Declarative Services to register it. */
  public <T> T service(Class<T> type, Duration timeout) {
    return service(type, Optional.empty(), timeout);
  }

  /**
   * The service of type {@code type} matching the LDAP {@code filter} on its properties (any one
   * when empty), waiting up to {@code timeout} for it to be registered.
   */
  public <T> T service(Class<T> type, Optional<String> filter, Duration timeout) {
    BundleContext context = felix.getBundleContext();
    String wanted = "(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")" + filter.orElse("") + ")";
    ServiceTracker<T, T> tracker;
    try {
      tracker = new ServiceTracker<>(context, context.createFilter(wanted), null);
    } catch (InvalidSyntaxException e) {
      throw new IllegalArgumentException("service filter [" + wanted + "]: " + e.getMessage(), e);
    }
    // Left open: closing it would release the service, and Declarative Services deactivates a delayed
    // component nobody uses any more, under the caller's feet. It goes with the framework.
    tracker.open();
    try {
      T service = tracker.waitForService(timeout.toMillis());
      if (service == null) {
        throw new IllegalStateException("service [" + type.getName() + "]" + filter.map(f -> " " + f).orElse("")
            + " did not appear within " + timeout + "; bundles: " + bundleStates());
      }
      return service;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for service [" + type.getName() + "]", e);
    }
  }

  /** The installed bundle with this symbolic name, if any. */
  public Optional<Bundle> bundle(String symbolicName) {
    return Arrays.stream(felix.getBundleContext().getBundles())
        .filter(b -> symbolicName.equals(b.getSymbolicName()))
        .findFirst();
  }

  /** Registers {@code service} from the launcher itself (the system bundle), such as a listener. */
  public <T> void register(Class<T> type, T service) {
    register(type, service, null);
  }

  /** Registers {@code service} with service properties. */
  public <T> void register(Class<T> type, T service, Dictionary<String, ?> properties) {
    felix.getBundleContext().registerService(type, service, properties);
  }

  /**
   * Installs every jar of {@code directory} and starts those that are not fragments, beside the bundles already
   * running: bundles that only some commands run (the Gogo shell's).
   */
  public void startBundles(Path directory) {
    try {
      List<Bundle> installed = new ArrayList<>();
      for (Path jar : jars(directory)) {
        installed.add(felix.getBundleContext().installBundle(jar.toUri().toString()));
      }
      for (Bundle bundle : installed) {
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
          bundle.start();
        }
      }
    } catch (BundleException e) {
      throw new IllegalStateException("cannot start the bundles of [" + directory + "]: " + e.getMessage(), e);
    }
  }

  /** Returns once the framework has stopped, whoever stopped it. */
  public void awaitStop() throws InterruptedException {
    felix.waitForStop(0);
  }

  @Override
  public void close() {
    settingsWatcher.close();
    try {
      felix.stop();
      FrameworkEvent event = felix.waitForStop(STOP_TIMEOUT.toMillis());
      if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
        LOG.warn("framework did not stop within {}", STOP_TIMEOUT);
      }
    } catch (BundleException e) {
      LOG.warn("stopping the framework failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteRecursively(storage);
    }
  }

  private void installAndStart(Path bundleDirectory, List<Settings.Layer> layers) throws BundleException {
    List<Bundle> installed = new ArrayList<>();
    for (Path jar : jars(bundleDirectory)) {
      installed.add(felix.getBundleContext().installBundle(jar.toUri().toString()));
    }
    // Config Admin first, filled from the files, then the components that read it.
    for (Bundle bundle : installed) {
      if (CONFIG_ADMIN_BUNDLE.equals(bundle.getSymbolicName())) {
        bundle.start();
      }
    }
    ConfigurationFiles configurationFiles = new ConfigurationFiles(felix.getBundleContext());
    configurationFiles.apply(Settings.read(layers));
    for (Bundle bundle : installed) {
      if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
        bundle.start();
      }
    }
    LOG.info("started {} bundles from [{}]; settings from {}", installed.size(), bundleDirectory,
        layers.stream().map(l -> l.name() + " [" + l.directory() + "]").toList());
    settingsWatcher.start(settings -> {
      List<String> changed = configurationFiles.apply(settings);
      if (!changed.isEmpty()) {
        LOG.info("settings changed: {} updated", changed);
      }
    });
  }

  private static List<Path> jars(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
      if (jars.isEmpty()) {
        throw new IllegalStateException("no bundles in [" + directory + "]");
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list bundles in [" + directory + "]", e);
    }
  }

  private String bundleStates() {
    StringBuilder states = new StringBuilder();
    for (Bundle bundle : felix.getBundleContext().getBundles()) {
      states.append(bundle.getSymbolicName()).append('=').append(stateName(bundle.getState())).append(' ');
    }
    return states.toString().strip();
  }

  private static String stateName(int state) {
    return switch (state) {
      case Bundle.ACTIVE -> "ACTIVE";
      case Bundle.RESOLVED -> "RESOLVED";
      case Bundle.INSTALLED -> "INSTALLED";
      case Bundle.STARTING -> "STARTING";
      case Bundle.STOPPING -> "STOPPING";
      default -> "UNINSTALLED";
    };
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: the directory is under the system's temporary directory.
    }
  }
}
