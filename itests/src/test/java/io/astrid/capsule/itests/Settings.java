package io.astrid.capsule.itests;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A test's settings, given to Config Admin inside the container as the launcher gives it a user's {@code PID.cfg}:
 * each returns once Declarative Services has handed them to the component, told by the properties of its service
 * (a component's configuration is published with its service), never after a guessed pause.
 */
final class Settings {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Settings() {}

  static void configure(BundleContext context, String pid, Class<?> service, Map<String, String> properties)
      throws Exception {
    // "?": any bundle may take the configuration, as the launcher's files are bound to none.
    configurationAdmin(context).getConfiguration(pid, "?").update(new Hashtable<>(properties));
    await(context, service, properties);
  }

  static void reset(BundleContext context, String pid, Class<?> service, Map<String, String> defaults)
      throws Exception {
    delete(context, pid);
    await(context, service, defaults);
  }

  static void delete(BundleContext context, String pid) throws Exception {
    configurationAdmin(context).getConfiguration(pid, "?").delete();
  }

  private static ConfigurationAdmin configurationAdmin(BundleContext context) throws InterruptedException {
    return Services.await(context, ConfigurationAdmin.class, TIMEOUT);
  }

  /** Returns once a {@code service} is registered with {@code properties}. */
  static void await(BundleContext context, Class<?> service, Map<String, String> properties)
      throws Exception {
    StringBuilder wanted = new StringBuilder("(&(objectClass=").append(service.getName()).append(')');
    properties.forEach((key, value) -> wanted.append('(').append(key).append('=').append(escape(value)).append(')'));
    Filter filter = context.createFilter(wanted.append(')').toString());
    // Tracks the registrations only, never getting the service: a delayed component stays as its users have it.
    ServiceTracker<Object, ServiceReference<Object>> tracker = new ServiceTracker<>(context, filter, null) {
      @Override
      public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
        return reference;
      }
    };
    tracker.open();
    try {
      if (tracker.waitForService(TIMEOUT.toMillis()) == null) {
        throw new AssertionError("no service " + filter + " within " + TIMEOUT);
      }
    } finally {
      tracker.close();
    }
  }

  /** A value as an LDAP filter takes it literally (RFC 4515: {@code * ( ) \} escaped). */
  private static String escape(String value) {
    return value.replace("\\", "\\5c").replace("*", "\\2a").replace("(", "\\28").replace(")", "\\29");
  }
}
