package io.astrid.capsule.launcher;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import java.time.Duration;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Loads {@code PID.cfg} files (Java properties, Karaf's format) into Config Admin before the
 * components start, so that every component's first activation already has its configuration.
 * Config Admin's API lives in its bundle, not on the launcher's class path, hence the calls
 * through reflection on the interface as that bundle sees it.
 */
final class ConfigurationFiles {
  static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
  static final Duration CONFIGURATION_ADMIN_TIMEOUT = Duration.ofSeconds(10);

  private ConfigurationFiles() {}

  /** The PIDs configured, in file-name order. */
  static List<String> apply(BundleContext context, Path directory) {
    List<Path> files = files(directory);
    if (files.isEmpty()) {
      return List.of();
    }
    ServiceReference<?> reference = awaitConfigurationAdmin(context);
    if (reference == null) {
      throw new IllegalStateException("configuration files in [" + directory + "] but no Config Admin service within "
          + CONFIGURATION_ADMIN_TIMEOUT);
    }
    Object admin = context.getService(reference);
    try {
      Class<?> api = reference.getBundle().loadClass(CONFIGURATION_ADMIN);
      Method getConfiguration = api.getMethod("getConfiguration", String.class, String.class);
      for (Path file : files) {
        String name = file.getFileName().toString();
        String pid = name.substring(0, name.length() - ".cfg".length());
        Object configuration = getConfiguration.invoke(admin, pid, null);
        configuration.getClass().getMethod("update", Dictionary.class).invoke(configuration, read(file));
      }
      return files.stream().map(f -> f.getFileName().toString().replaceFirst("\\.cfg$", "")).toList();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot apply the configuration files of [" + directory + "]: " + e, e);
    } finally {
      context.ungetService(reference);
    }
  }

  /** Config Admin registers its service from its own thread once its persistence is ready. */
  private static ServiceReference<?> awaitConfigurationAdmin(BundleContext context) {
    try {
      ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
          context.createFilter("(objectClass=" + CONFIGURATION_ADMIN + ")"), null);
      tracker.open(true);
      try {
        return tracker.waitForService(CONFIGURATION_ADMIN_TIMEOUT.toMillis()) == null ? null
            : tracker.getServiceReference();
      } finally {
        tracker.close();
      }
    } catch (InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Dictionary<String, Object> read(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read configuration file [" + file + "]: " + e.getMessage(), e);
    }
    Hashtable<String, Object> values = new Hashtable<>();
    properties.forEach((key, value) -> values.put(key.toString().strip(), value.toString().strip()));
    return values;
  }

  private static List<Path> files(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
