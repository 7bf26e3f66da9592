package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolCall;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSGi side of {@link RuntimeEvents}: state changes go to every {@link CapsuleListener}
 * service, and each READY capsule's tools are registered as {@link CapsuleTool} services
 * (withdrawn when it leaves READY or is replaced).
 */
final class OsgiRuntimeEvents implements RuntimeEvents, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OsgiRuntimeEvents.class);

  private final BundleContext context;
  private final ServiceTracker<CapsuleListener, CapsuleListener> listeners;
  private final Map<Capsule, Published> published = new IdentityHashMap<>();

  /** A capsule's tools as registered, to notice when its engines offer others. */
  private record Published(List<CapsuleTool> tools, List<ServiceRegistration<CapsuleTool>> registrations) {}

  OsgiRuntimeEvents(BundleContext context) {
    this.context = context;
    this.listeners = new ServiceTracker<>(context, CapsuleListener.class, null);
    this.listeners.open();
  }

  @Override
  public void capsuleChanged(CapsuleEvent event) {
    for (CapsuleListener listener : listeners.getServices(new CapsuleListener[0])) {
      try {
        listener.capsuleChanged(event);
      } catch (RuntimeException e) {
        LOG.warn("capsule listener [{}] failed on {}", listener.getClass().getName(), event, e);
      }
    }
  }

  @Override
  public synchronized void readyCapsules(Collection<Capsule> ready) {
    Set<Capsule> current = Collections.newSetFromMap(new IdentityHashMap<>());
    current.addAll(ready);
    for (Capsule gone : List.copyOf(published.keySet())) {
      if (!current.contains(gone) || !published.get(gone).tools().equals(gone.contributions().tools())) {
        withdraw(gone);
      }
    }
    for (Capsule capsule : current) {
      published.computeIfAbsent(capsule, this::publish);
    }
  }

  @Override
  public synchronized void close() {
    List.copyOf(published.keySet()).forEach(this::withdraw);
    listeners.close();
  }

  private Published publish(Capsule capsule) {
    List<CapsuleTool> tools = capsule.contributions().tools();
    List<ServiceRegistration<CapsuleTool>> registrations = new ArrayList<>();
    for (CapsuleTool tool : tools) {
      Hashtable<String, Object> properties = new Hashtable<>();
      properties.put(CapsuleRegistry.CAPSULE_ID_PROPERTY, capsule.id());
      properties.put(CapsuleRegistry.TOOL_NAME_PROPERTY, tool.name());
      properties.put(CapsuleRegistry.QUALIFIED_NAME_PROPERTY, ToolCall.qualifiedName(capsule.id(), tool.name()));
      registrations.add(context.registerService(CapsuleTool.class, tool, properties));
    }
    return new Published(tools, registrations);
  }

  private void withdraw(Capsule capsule) {
    for (ServiceRegistration<CapsuleTool> registration : published.remove(capsule).registrations()) {
      try {
        registration.unregister();
      } catch (IllegalStateException e) {
        // Already gone with the bundle.
      }
    }
  }
}
