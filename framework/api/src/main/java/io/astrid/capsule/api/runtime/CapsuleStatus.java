package io.astrid.capsule.api.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A capsule's state with its explanation.
 *
 * @param state the state
 * @param reason why it is FAILED, or what it is WAITING for (engine kinds, dependencies, {@code [env]}
 *     values), in words
 * @param missingKinds for WAITING: the engine kinds without a factory, in load order (empty when it
 *     waits for something else, such as dependencies or {@code [env]} values)
 */
public record CapsuleStatus(CapsuleState state, Optional<String> reason, List<String> missingKinds) {
  public CapsuleStatus {
    requireNonNull(state, "state");
    requireNonNull(reason, "reason");
    missingKinds = List.copyOf(missingKinds);
  }

  public static CapsuleStatus of(CapsuleState state) {
    return new CapsuleStatus(state, Optional.empty(), List.of());
  }

  public static CapsuleStatus failed(String reason) {
    return new CapsuleStatus(CapsuleState.FAILED, Optional.of(reason), List.of());
  }

  public static CapsuleStatus waitingFor(List<String> missingKinds) {
    String kinds = (missingKinds.size() == 1 ? "kind " : "kinds ") + String.join(", ", missingKinds);
    return new CapsuleStatus(CapsuleState.WAITING, Optional.of("waiting for engine " + kinds), missingKinds);
  }

  /** WAITING for something other than an engine factory, such as {@code [env]} values; {@code reason} says what. */
  public static CapsuleStatus waiting(String reason) {
    return new CapsuleStatus(CapsuleState.WAITING, Optional.of(reason), List.of());
  }

  @Override
  public String toString() {
    return state + reason.map(r -> " (" + r + ")").orElse("");
  }
}
