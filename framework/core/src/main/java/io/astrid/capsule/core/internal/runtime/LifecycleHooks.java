package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises {@code CapsuleLoaded} when a capsule becomes READY (a replacement taking over included) and
 * {@code CapsuleUnloaded} when a READY one leaves READY, with {@code {"capsule", "state"}}, then passes
 * the change on. They are raised on a thread of their own, one event after another in the order of
 * the changes: a hook is a guest call that may take up to its timeout, and the capsule lifecycle
 * thread that announced the change must not wait for it (nor deadlock on a capsule being unloaded).
 * A capsule's own hooks are gone once it has unloaded, so its CapsuleUnloaded reaches only the
 * capsules that intercept it.
 */
final class LifecycleHooks implements RuntimeEvents, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleHooks.class);

  private final RuntimeEvents next;
  private final Function<String, List<HookChain.OwnedHook>> hooks;
  private final HookCalls calls;
  private final ExecutorService raiser = Executors.newSingleThreadExecutor(
      Thread.ofPlatform().name("capsule-lifecycle-hooks").daemon().factory());

  LifecycleHooks(RuntimeEvents next, Function<String, List<HookChain.OwnedHook>> hooks, HookCalls calls) {
    this.next = next;
    this.hooks = hooks;
    this.calls = calls;
  }

  @Override
  public void capsuleChanged(CapsuleEvent event) {
    next.capsuleChanged(event);
    boolean ready = event.current().state() == CapsuleState.READY;
    if (ready) {
      raise(InterceptorEvent.CapsuleLoaded, event);
    } else if (event.previous().state() == CapsuleState.READY) {
      raise(InterceptorEvent.CapsuleUnloaded, event);
    }
  }

  private void raise(InterceptorEvent kind, CapsuleEvent event) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("capsule", event.capsuleId());
    payload.put("state", event.current().state().name());
    try {
      raiser.execute(() -> calls.raise(hooks.apply(event.capsuleId()), kind, payload, Optional.empty()));
    } catch (RejectedExecutionException e) {
      LOG.debug("{} of [{}] not raised: the registry is stopping", kind, event.capsuleId());
    }
  }

  @Override
  public void readyCapsules(Collection<Capsule> ready) {
    next.readyCapsules(ready);
  }

  /** Raises what is queued, for at most 5 s (a hook stuck in a guest is interrupted), then stops the thread. */
  @Override
  public void close() {
    raiser.shutdown();
    try {
      if (!raiser.awaitTermination(5, TimeUnit.SECONDS)) {
        raiser.shutdownNow();
      }
    } catch (InterruptedException e) {
      raiser.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
