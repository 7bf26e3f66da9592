package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.engine.EngineFactory;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * {@link EngineFactories} backed by service trackers: the best factory of a kind is the one
 * whose reference sorts last (highest ranking, then oldest registration, the framework's own
 * order), and every registration, modification and unregistration announces the best anew.
 * No polling.
 */
final class TrackedEngineFactories implements EngineFactories {
  private final BundleContext context;

  TrackedEngineFactories(BundleContext context) {
    this.context = context;
  }

  @Override
  public Watch watch(String kind, Consumer<Optional<EngineFactory>> listener) {
    BestFactory best = new BestFactory(context, listener);
    ServiceTracker<EngineFactory, EngineFactory> tracker = new ServiceTracker<>(context, filter(kind), best);
    tracker.open();
    best.announce();
    return tracker::close;
  }

  private static Filter filter(String kind) {
    try {
      return FrameworkUtil.createFilter("(&(objectClass=" + EngineFactory.class.getName() + ")("
          + EngineFactory.KIND_PROPERTY + "=" + kind + "))");
    } catch (InvalidSyntaxException e) {
      throw new IllegalArgumentException("engine kind [" + kind + "] cannot be used in a filter", e);
    }
  }

  /** Keeps the tracked factories in reference order; the tracker calls it under its own lock per event. */
  private static final class BestFactory implements ServiceTrackerCustomizer<EngineFactory, EngineFactory> {
    private final BundleContext context;
    private final Consumer<Optional<EngineFactory>> listener;
    private final TreeMap<ServiceReference<EngineFactory>, EngineFactory> tracked = new TreeMap<>();

    BestFactory(BundleContext context, Consumer<Optional<EngineFactory>> listener) {
      this.context = context;
      this.listener = listener;
    }

    @Override
    public EngineFactory addingService(ServiceReference<EngineFactory> reference) {
      EngineFactory factory = context.getService(reference);
      if (factory != null) {
        synchronized (this) {
          tracked.put(reference, factory);
        }
        announce();
      }
      return factory;
    }

    @Override
    public void modifiedService(ServiceReference<EngineFactory> reference, EngineFactory factory) {
      synchronized (this) {
        // The ranking may have changed, and with it the order: find the entry by identity.
        tracked.keySet().removeIf(reference::equals);
        tracked.put(reference, factory);
      }
      announce();
    }

    @Override
    public void removedService(ServiceReference<EngineFactory> reference, EngineFactory factory) {
      synchronized (this) {
        tracked.remove(reference);
      }
      announce();
      context.ungetService(reference);
    }

    void announce() {
      Optional<EngineFactory> best;
      synchronized (this) {
        best = Optional.ofNullable(tracked.lastEntry()).map(Map.Entry::getValue);
      }
      listener.accept(best);
    }
  }
}
