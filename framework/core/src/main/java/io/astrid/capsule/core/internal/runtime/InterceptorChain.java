package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@link ToolCallInterceptor} services in ranking order, highest first, and which of them see
 * a call: the host's own (no {@value ToolCallInterceptor#CAPSULE_ID_PROPERTY}) every call, a
 * capsule's those of its own tools and of the capsules its {@code [capabilities] intercept}
 * names (issue 20, finding 4: otherwise any capsule could watch and deny every other one's
 * calls). The ordered list is rebuilt only when the tracked set changes; the capability is read
 * from the owner's current manifest on each call, so a replaced manifest counts at once.
 */
final class InterceptorChain implements Function<String, List<ToolCallInterceptor>>, AutoCloseable {
  private final ServiceTracker<ToolCallInterceptor, ToolCallInterceptor> tracker;
  private final Function<String, Optional<Capabilities>> capabilities;
  private volatile Snapshot snapshot = new Snapshot(-1, List.of());

  private record Snapshot(int trackingCount, List<Owned> ordered) {}

  /** An interceptor and the capsule it belongs to; empty for the host's own. */
  private record Owned(ToolCallInterceptor interceptor, Optional<String> owner) {}

  /**
   * @param capabilities the declared capabilities of an installed capsule by id, empty when none
   *     is installed with that id
   */
  InterceptorChain(BundleContext context, Function<String, Optional<Capabilities>> capabilities) {
    this.capabilities = capabilities;
    this.tracker = new ServiceTracker<>(context, ToolCallInterceptor.class, null);
    this.tracker.open();
  }

  /** The interceptors that see a call of a tool of capsule {@code capsuleId}, in the order they run. */
  @Override
  public List<ToolCallInterceptor> apply(String capsuleId) {
    return ordered().stream().filter(owned -> sees(owned.owner(), capsuleId)).map(Owned::interceptor).toList();
  }

  private boolean sees(Optional<String> owner, String called) {
    if (owner.isEmpty() || owner.get().equals(called)) {
      return true;
    }
    List<String> declared = capabilities.apply(owner.get()).map(Capabilities::intercept).orElse(List.of());
    return declared.contains("*") || declared.contains(called);
  }

  private List<Owned> ordered() {
    Snapshot current = snapshot;
    int count = tracker.getTrackingCount();
    if (current.trackingCount() == count) {
      return current.ordered();
    }
    ServiceReference<ToolCallInterceptor>[] references = tracker.getServiceReferences();
    List<Owned> ordered = references == null ? List.of() : Arrays.stream(references)
        .sorted(Comparator.reverseOrder())
        .map(reference -> {
          ToolCallInterceptor interceptor = tracker.getService(reference);
          Object owner = reference.getProperty(ToolCallInterceptor.CAPSULE_ID_PROPERTY);
          return interceptor == null ? null
              : new Owned(interceptor, Optional.ofNullable(owner).map(Object::toString));
        })
        .filter(Objects::nonNull)
        .toList();
    snapshot = new Snapshot(count, ordered);
    return ordered;
  }

  @Override
  public void close() {
    tracker.close();
  }
}
