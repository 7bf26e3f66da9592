package io.astrid.capsule.itests;

import java.time.Duration;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** Looking up, inside the container, what both bases' tests need. */
final class Services {
  private Services() {}

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
