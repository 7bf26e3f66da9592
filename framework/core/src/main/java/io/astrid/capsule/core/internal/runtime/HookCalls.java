package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.tool.InterceptorDecision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What capsules' hook answers mean (issue 18; docs/wasm-abi.md, Interceptors). An event's payload
 * has one field a hook may change: for a deciding event ({@link InterceptorEvent#decides()}) the
 * answer {@code {"deny": "why"}} stops the action and {@code {FIELD: value}} rewrites the field
 * (of the same JSON type); after an action {@code {FIELD: value}} replaces the field; for the
 * other events the answer is not read. A hook that fails (a trap, the timeout, a malformed answer)
 * is decided by {@link OnFailure} before an action, and is logged and passed over otherwise.
 */
final class HookCalls {
  private static final Logger LOG = LoggerFactory.getLogger(HookCalls.class);

  /** What a deciding event's failing hook means: {@code interceptor.failure} = deny (default) or allow. */
  enum OnFailure {
    DENY, ALLOW;

    /**
     * @throws IllegalArgumentException {@code interceptor.failure [VALUE]: expected deny or allow}
     */
    static OnFailure of(String configured) {
      return switch (configured.trim().toLowerCase(Locale.ROOT)) {
        case "deny" -> DENY;
        case "allow" -> ALLOW;
        default -> throw new IllegalArgumentException("interceptor.failure [" + configured
            + "]: expected deny or allow");
      };
    }
  }

  private volatile OnFailure onFailure;

  HookCalls(OnFailure onFailure) {
    this.onFailure = onFailure;
  }

  /** What a failing hook means from now on (issue 16: settings applied live). */
  void onFailure(OnFailure onFailure) {
    this.onFailure = onFailure;
  }

  /**
   * Raises {@code event} through {@code hooks} in order: each of a hook's interceptors of that event
   * in manifest order, each seeing the payload as the one before left it.
   *
   * @param field the payload field a hook may rewrite or replace; empty for a notification
   * @return the payload as the hooks left it, or the first denial
   */
  InterceptorDecision raise(List<HookChain.OwnedHook> hooks, InterceptorEvent event, Map<String, Object> payload,
      Optional<String> field) {
    Map<String, Object> current = payload;
    for (HookChain.OwnedHook hook : hooks) {
      InterceptorDecision decision = raise(hook, event, current, field);
      if (decision instanceof InterceptorDecision.Deny) {
        return decision;
      }
      current = ((InterceptorDecision.Proceed) decision).arguments();
    }
    return InterceptorDecision.proceed(current);
  }

  /** {@link #raise(List, InterceptorEvent, Map, Optional)} for one hook. */
  InterceptorDecision raise(HookChain.OwnedHook owned, InterceptorEvent event, Map<String, Object> payload,
      Optional<String> field) {
    Map<String, Object> current = payload;
    String owner = owned.owner().orElse("host");
    for (Interceptor interceptor : owned.hook().interceptors()) {
      if (interceptor.event() != event) {
        continue;
      }
      String action = interceptor.action().orElse(event.name());
      String who = "interceptor [" + action + "] of capsule [" + owner + "]";
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("event", event.name());
      input.put("action", action);
      input.putAll(current);
      Map<String, Object> answer;
      try {
        answer = answer(owned.hook(), interceptor, input, field, current);
      } catch (RuntimeException e) {
        String why = who + " failed: " + CompositeCapsule.describe(e);
        if (event.decides() && onFailure == OnFailure.DENY) {
          LOG.warn("{}; the {} is denied (interceptor.failure = deny)", why, event);
          return InterceptorDecision.deny(why);
        }
        LOG.warn("{}; {} goes on as if it had answered nothing", why, event);
        continue;
      }
      if (event.decides() && answer.get("deny") != null) {
        return InterceptorDecision.deny(owner + ": " + answer.get("deny"));
      }
      if (field.isPresent() && answer.containsKey(field.get())) {
        current = new LinkedHashMap<>(current);
        current.put(field.get(), answer.get(field.get()));
      }
    }
    return InterceptorDecision.proceed(current);
  }

  /**
   * The hook's answer, when its field (if it has one) is of the payload's JSON type.
   *
   * @throws IllegalStateException {@code the answer's [FIELD] is not TYPE}
   */
  private static Map<String, Object> answer(CapsuleHook hook, Interceptor interceptor, Map<String, Object> input,
      Optional<String> field, Map<String, Object> payload) {
    Map<String, Object> answer = hook.trigger(interceptor, input);
    if (answer == null) {
      throw new IllegalStateException("it returned no answer");
    }
    if (field.isPresent() && answer.containsKey(field.get())) {
      Object given = answer.get(field.get());
      Object was = payload.get(field.get());
      boolean sameType = was instanceof Map ? given instanceof Map : was instanceof String && given instanceof String;
      if (!sameType) {
        throw new IllegalStateException("the answer's [" + field.get() + "] is not "
            + (was instanceof Map ? "a JSON object" : "a string"));
      }
    }
    if (answer.containsKey("deny") && !(answer.get("deny") instanceof String)) {
      throw new IllegalStateException("the answer's [deny] is not a string");
    }
    return answer;
  }
}
