package io.astrid.capsule.core.internal.llm;

import io.astrid.capsule.api.llm.LlmProvider;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps one {@link LlmProvider} service registered for each {@code [[llm_provider]]} of each READY
 * capsule: registered when the capsule becomes READY, re-registered when a reload changes the entry,
 * unregistered when the capsule stops being READY and when this component deactivates.
 *
 * <p>The capsule listener is registered by hand rather than being this component's service, so
 * that nothing outside sees this class as a listener it could call.
 */
@Component(service = {})
public final class LlmProviderPublisher {
  private final BundleContext context;
  private final CapsuleRegistry registry;
  private final ServiceRegistration<CapsuleListener> listener;
  /** What is registered, by capsule id, then by provider id; guarded by {@code this}. */
  private final Map<String, Map<String, Published>> published = new HashMap<>();
  private boolean active = true;

  @Activate
  public LlmProviderPublisher(BundleContext context, @Reference CapsuleRegistry registry) {
    this.context = context;
    this.registry = registry;
    this.listener = context.registerService(CapsuleListener.class, event -> reconcile(event.capsuleId()), null);
    registry.capsules().forEach(capsule -> reconcile(capsule.id()));
  }

  @Deactivate
  void deactivate() {
    listener.unregister();
    List<Published> all;
    synchronized (this) {
      active = false;
      all = published.values().stream().flatMap(byId -> byId.values().stream()).toList();
      published.clear();
    }
    all.forEach(Published::unregister);
  }

  /** Makes the registered providers of {@code capsuleId} those its manifest declares if it is READY, else none. */
  private synchronized void reconcile(String capsuleId) {
    if (!active) {
      return;
    }
    Map<String, io.astrid.capsule.api.manifest.LlmProvider> wanted = new HashMap<>();
    registry.capsule(capsuleId).filter(c -> c.status().state() == CapsuleState.READY).map(Capsule::manifest)
        .ifPresent(manifest -> manifest.llmProviders().forEach(entry -> wanted.put(entry.id(), entry)));
    Map<String, Published> current = published.computeIfAbsent(capsuleId, id -> new HashMap<>());
    current.values().removeIf(p -> {
      boolean stale = !p.entry().equals(wanted.get(p.entry().id()));
      if (stale) {
        p.unregister();
      }
      return stale;
    });
    wanted.values().stream().filter(entry -> !current.containsKey(entry.id()))
        .forEach(entry -> current.put(entry.id(), publish(capsuleId, entry)));
    if (current.isEmpty()) {
      published.remove(capsuleId);
    }
  }

  private Published publish(String capsuleId, io.astrid.capsule.api.manifest.LlmProvider entry) {
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put(LlmProvider.PROVIDER_ID, entry.id());
    properties.put(LlmProvider.CAPSULE_ID, capsuleId);
    properties.put(LlmProvider.CAPABILITIES, entry.capabilities().toArray(String[]::new));
    return new Published(entry, context.registerService(LlmProvider.class,
        new CapsuleLlmProvider(capsuleId, entry, registry), properties));
  }

  /** A provider service and the manifest entry it was made from. */
  private record Published(io.astrid.capsule.api.manifest.LlmProvider entry,
      ServiceRegistration<LlmProvider> registration) {
    void unregister() {
      try {
        registration.unregister();
      } catch (IllegalStateException alreadyGone) {
        // The framework unregisters a stopping bundle's services before deactivating its components.
      }
    }
  }
}
