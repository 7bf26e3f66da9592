package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.tool.ToolCallInterceptor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@link ToolCallInterceptor} services in ranking order, highest first. The ordered list is
 * rebuilt only when the tracked set changes, so a call costs one volatile read here.
 */
final class InterceptorChain implements Supplier<List<ToolCallInterceptor>>, AutoCloseable {
  private final ServiceTracker<ToolCallInterceptor, ToolCallInterceptor> tracker;
  private volatile Snapshot snapshot = new Snapshot(-1, List.of());

  private record Snapshot(int trackingCount, List<ToolCallInterceptor> ordered) {}

  InterceptorChain(BundleContext context) {
    this.tracker = new ServiceTracker<>(context, ToolCallInterceptor.class, null);
    this.tracker.open();
  }

  @Override
  public List<ToolCallInterceptor> get() {
    Snapshot current = snapshot;
    int count = tracker.getTrackingCount();
    if (current.trackingCount() == count) {
      return current.ordered();
    }
    ServiceReference<ToolCallInterceptor>[] references = tracker.getServiceReferences();
    List<ToolCallInterceptor> ordered = references == null ? List.of() : Arrays.stream(references)
        .sorted(Comparator.reverseOrder())
        .map(tracker::getService)
        .filter(java.util.Objects::nonNull)
        .toList();
    snapshot = new Snapshot(count, ordered);
    return ordered;
  }

  @Override
  public void close() {
    tracker.close();
  }
}
