package io.astrid.capsule.itests;

import java.nio.file.Path;
import java.time.Duration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** Looking up, inside the container, what both bases' tests need. */
final class Services {
  private Services() {}

  /**
   * The test support bundle (framework/testing: {@code Await}), installed in the container so that the probe imports
   * its package there. Read in the test's JVM, from the build's property.
   */
  static Option testingSupport() {
    return CoreOptions.bundle(Path.of(System.getProperty("capsule.testing.bundle")).toUri().toString());
  }

  /** The service of this type once registered, within {@code timeout}; an assertion error naming it otherwise. */
  static <T> T await(BundleContext context, Class<T> type, Duration timeout) throws InterruptedException {
    ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
    // Left open: closing it would release the service, and DS would deactivate a delayed component under the test.
    tracker.open();
    T service = tracker.waitForService(timeout.toMillis());
    if (service == null) {
      throw new AssertionError("service [" + type.getName() + "] did not appear within " + timeout);
    }
    return service;
  }

  /** The installed bundle of this symbolic name; an assertion error naming it when there is none. */
  static Bundle bundle(BundleContext context, String symbolicName) {
    for (Bundle bundle : context.getBundles()) {
      if (symbolicName.equals(bundle.getSymbolicName())) {
        return bundle;
      }
    }
    throw new AssertionError("no bundle [" + symbolicName + "]");
  }
}
