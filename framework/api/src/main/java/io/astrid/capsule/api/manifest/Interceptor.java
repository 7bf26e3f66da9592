package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An {@code [[interceptor]]} entry: a hook on a host event.
 *
 * @param event the event hooked
 * @param action the handler's name passed to the guest's {@code astrid_hook_trigger}; when
 *     absent the event's own name is passed
 */
public record Interceptor(InterceptorEvent event, Optional<String> action) {
  public Interceptor {
    requireNonNull(event, "event");
    requireNonNull(action, "action");
  }
}
