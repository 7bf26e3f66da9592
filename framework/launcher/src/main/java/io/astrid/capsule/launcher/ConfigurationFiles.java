package io.astrid.capsule.launcher;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Puts the effective {@link Settings} into Config Admin: before the components start, so that every
 * component's first activation already has its configuration, and again after each change, when
 * only the PIDs whose values changed are updated (and the ones whose files are all gone deleted), so
 * that an edit restarts only the components it concerns. Config Admin's API lives in its bundle, not
 * on the launcher's class path, hence the calls through reflection on the interface as that bundle
 * sees it. Not thread-safe: one caller at a time (the launcher's start, then its settings thread).
 */
final class ConfigurationFiles {
  static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
  static final Duration CONFIGURATION_ADMIN_TIMEOUT = Duration.ofSeconds(10);

  private final BundleContext context;
  private final Map<String, Dictionary<String, Object>> applied = new HashMap<>();

  ConfigurationFiles(BundleContext context) {
    this.context = context;
  }

  /** The PIDs updated or deleted, in name order: those whose values differ from the last ones applied. */
  List<String> apply(Settings settings) {
    Set<String> changed = new TreeSet<>();
    for (String pid : settings.byPid().keySet()) {
      if (!settings.values(pid).equals(applied.get(pid))) {
        changed.add(pid);
      }
    }
    for (String pid : applied.keySet()) {
      if (!settings.byPid().containsKey(pid)) {
        changed.add(pid);
      }
    }
    if (changed.isEmpty()) {
      return List.of();
    }
    ServiceReference<?> reference = awaitConfigurationAdmin();
    if (reference == null) {
      throw new IllegalStateException("configuration files in " + settings.layers().stream()
          .map(l -> l.directory().toString()).toList() + " but no Config Admin service within "
          + CONFIGURATION_ADMIN_TIMEOUT);
    }
    Object admin = context.getService(reference);
    try {
      Class<?> api = reference.getBundle().loadClass(CONFIGURATION_ADMIN);
      Method getConfiguration = api.getMethod("getConfiguration", String.class, String.class);
      for (String pid : changed) {
        Object configuration = getConfiguration.invoke(admin, pid, null);
        if (settings.byPid().containsKey(pid)) {
          Dictionary<String, Object> values = settings.values(pid);
          configuration.getClass().getMethod("update", Dictionary.class).invoke(configuration, values);
          applied.put(pid, values);
        } else {
          configuration.getClass().getMethod("delete").invoke(configuration);
          applied.remove(pid);
        }
      }
      return new ArrayList<>(changed);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot apply the configuration files of " + settings.layers().stream()
          .map(l -> l.directory().toString()).toList() + ": " + e, e);
    } finally {
      context.ungetService(reference);
    }
  }

  /** Config Admin registers its service from its own thread once its persistence is ready. */
  private ServiceReference<?> awaitConfigurationAdmin() {
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
}
