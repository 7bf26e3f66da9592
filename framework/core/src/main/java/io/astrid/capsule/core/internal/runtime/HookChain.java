package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@link ToolCallInterceptor} and {@link CapsuleHook} services in one order — service ranking,
 * highest first, then registration (so capsules' hooks in the order the capsules loaded) — and
 * which of them see what happens to a capsule: the host's own (no capsule id) everything, a
 * capsule's what happens to itself and to the capsules its {@code [capabilities] intercept} names
 * (issue 20, finding 4: otherwise any capsule could watch and deny every other one's calls). A
 * capsule's hook takes part in tool calls through a {@link HookInterceptor}. The ordered list is
 * rebuilt only when the tracked sets change; the capability is read from the owner's current
 * manifest each time, so a replaced manifest counts at once.
 */
final class HookChain implements Function<String, List<ToolCallInterceptor>>, AutoCloseable {
  private final ServiceTracker<ToolCallInterceptor, ToolCallInterceptor> interceptors;
  private final ServiceTracker<CapsuleHook, CapsuleHook> hooks;
  private final Function<String, Optional<Capabilities>> capabilities;
  private final HookCalls calls;
  private volatile Snapshot snapshot = new Snapshot(-1, -1, List.of());

  private record Snapshot(int interceptorCount, int hookCount, List<Entry> ordered) {}

  /**
   * One service of the chain and the capsule it belongs to (empty for the host's own); {@code hook}
   * is null for a plain {@link ToolCallInterceptor}.
   */
  private record Entry(Optional<String> owner, ToolCallInterceptor interceptor, CapsuleHook hook) {}

  /** A tracked service's reference, and whether it is a {@link CapsuleHook} (else a {@link ToolCallInterceptor}). */
  private record Tracked(ServiceReference<?> reference, boolean hook) {
    @SuppressWarnings("unchecked")
    <S> ServiceReference<S> as() {
      return (ServiceReference<S>) reference;
    }
  }

  /** A capsule's hook and the capsule it belongs to. */
  record OwnedHook(Optional<String> owner, CapsuleHook hook) {}

  /**
   * @param capabilities the declared capabilities of an installed capsule by id, empty when none
   *     is installed with that id
   * @param calls what the hooks' answers mean, for the tool-call adapters
   */
  HookChain(BundleContext context, Function<String, Optional<Capabilities>> capabilities, HookCalls calls) {
    this.capabilities = capabilities;
    this.calls = calls;
    this.interceptors = new ServiceTracker<>(context, ToolCallInterceptor.class, null);
    this.hooks = new ServiceTracker<>(context, CapsuleHook.class, null);
    this.interceptors.open();
    this.hooks.open();
  }

  /** The interceptors that see a call of a tool of capsule {@code capsuleId}, in the order they run. */
  @Override
  public List<ToolCallInterceptor> apply(String capsuleId) {
    return ordered().stream().filter(entry -> sees(entry.owner(), capsuleId)).map(Entry::interceptor).toList();
  }

  /** The capsules' hooks that see what happens to capsule {@code subject}, in the order they run. */
  List<OwnedHook> hooks(String subject) {
    return ordered().stream().filter(entry -> entry.hook() != null && sees(entry.owner(), subject))
        .map(entry -> new OwnedHook(entry.owner(), entry.hook())).toList();
  }

  private boolean sees(Optional<String> owner, String subject) {
    if (owner.isEmpty() || owner.get().equals(subject)) {
      return true;
    }
    List<String> declared = capabilities.apply(owner.get()).map(Capabilities::intercept).orElse(List.of());
    return declared.contains("*") || declared.contains(subject);
  }

  private List<Entry> ordered() {
    Snapshot current = snapshot;
    int interceptorCount = interceptors.getTrackingCount();
    int hookCount = hooks.getTrackingCount();
    if (current.interceptorCount() == interceptorCount && current.hookCount() == hookCount) {
      return current.ordered();
    }
    List<Tracked> tracked = new ArrayList<>();
    references(interceptors.getServiceReferences()).forEach(r -> tracked.add(new Tracked(r, false)));
    references(hooks.getServiceReferences()).forEach(r -> tracked.add(new Tracked(r, true)));
    // A ServiceReference is greater for a higher ranking, then for a lower id: highest first is reversed order.
    tracked.sort((a, b) -> b.reference().compareTo(a.reference()));
    List<Entry> ordered = new ArrayList<>();
    for (Tracked each : tracked) {
      Optional<String> owner = Optional.ofNullable(each.reference().getProperty(CapsuleHook.CAPSULE_ID_PROPERTY))
          .map(Object::toString);
      if (each.hook()) {
        CapsuleHook hook = hooks.getService(each.as());
        if (hook != null) {
          ordered.add(new Entry(owner, new HookInterceptor(owner, hook, calls), hook));
        }
      } else {
        ToolCallInterceptor interceptor = interceptors.getService(each.as());
        if (interceptor != null) {
          ordered.add(new Entry(owner, interceptor, null));
        }
      }
    }
    List<Entry> frozen = List.copyOf(ordered);
    snapshot = new Snapshot(interceptorCount, hookCount, frozen);
    return frozen;
  }

  private static <S> List<ServiceReference<S>> references(ServiceReference<S>[] found) {
    return found == null ? List.of() : Arrays.asList(found);
  }

  @Override
  public void close() {
    hooks.close();
    interceptors.close();
  }
}
