package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.core.internal.manifest.CapsuleDependencies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * What the {@code [dependencies]} of installed capsules hold them in (issue 17), computed from one
 * snapshot: WAITING while a dependency is not installed, has a version outside the requirement,
 * or does not serve; FAILED on a cycle. A dependency serves when it is READY and not held itself,
 * so a whole chain is held at once.
 */
final class DependencyHolds {
  /**
   * One installed capsule as the judgement sees it: its manifest, its state now and the hold it
   * has applied (a hold judged anew but not applied yet means its state is about to change).
   */
  record Node(CapsuleManifest manifest, CapsuleState state, Optional<CapsuleStatus> applied) {}

  private final SequencedMap<String, Node> nodes;
  private final Map<String, String> suspended;
  private final Map<String, Optional<CapsuleStatus>> holds = new HashMap<>();
  /** Capsules held by a dependency that is LOADING or UNLOADING, or by one held so itself. */
  private final Set<String> passing = new HashSet<>();

  /**
   * @param nodes the installed capsules by name, in install order
   * @param suspended capsules being unloaded before a dependency of theirs leaves, with the reason
   */
  private DependencyHolds(SequencedMap<String, Node> nodes, Map<String, String> suspended) {
    this.nodes = nodes;
    this.suspended = suspended;
    SequencedMap<String, CapsuleManifest> manifests = new java.util.LinkedHashMap<>();
    nodes.forEach((name, node) -> manifests.put(name, node.manifest()));
    for (List<String> cycle : CapsuleDependencies.cycles(manifests)) {
      CapsuleStatus failed = CapsuleStatus.failed(CapsuleDependencies.cycleError(cycle));
      cycle.forEach(name -> holds.put(name, Optional.of(failed)));
    }
  }

  /** The hold of every capsule in {@code nodes}: empty when its dependencies let it load. */
  static Map<String, Optional<CapsuleStatus>> of(SequencedMap<String, Node> nodes, Map<String, String> suspended) {
    return judge(nodes, suspended).holds;
  }

  /** Judges every capsule in {@code nodes}. */
  static DependencyHolds judge(SequencedMap<String, Node> nodes, Map<String, String> suspended) {
    DependencyHolds judged = new DependencyHolds(nodes, suspended);
    nodes.keySet().forEach(judged::hold);
    return judged;
  }

  /** The hold of a capsule not among {@code nodes} (a new version loading beside the current one). */
  static Optional<CapsuleStatus> ofNewcomer(CapsuleManifest manifest, SequencedMap<String, Node> nodes) {
    return new DependencyHolds(nodes, Map.of()).unmet("", manifest);
  }

  /** The hold of {@code name}: empty when its dependencies let it load. */
  Optional<CapsuleStatus> holdOf(String name) {
    return holds.getOrDefault(name, Optional.empty());
  }

  /**
   * Whether {@code name}'s hold may still lift or change by itself: some capsule it waits for,
   * directly or through others, is still loading or unloading. Such a capsule has not settled.
   */
  boolean isPassing(String name) {
    return passing.contains(name);
  }

  private Optional<CapsuleStatus> hold(String name) {
    Optional<CapsuleStatus> known = holds.get(name);
    if (known != null) {
      return known;
    }
    holds.put(name, Optional.empty()); // no cycle reaches here, but a guard costs nothing
    Optional<CapsuleStatus> hold = suspended.containsKey(name)
        ? Optional.of(waiting(List.of(suspended.get(name))))
        : unmet(name, nodes.get(name).manifest());
    holds.put(name, hold);
    return hold;
  }

  private Optional<CapsuleStatus> unmet(String name, CapsuleManifest manifest) {
    List<String> reasons = new ArrayList<>();
    manifest.dependencies().forEach((dependency, requirement) ->
        why(name, dependency, requirement).ifPresent(why ->
            reasons.add("capsule [" + dependency + "] " + requirement + ": " + why)));
    return reasons.isEmpty() ? Optional.empty() : Optional.of(waiting(reasons));
  }

  /** Why {@code dependency} does not serve {@code requirement}, if it does not. */
  private Optional<String> why(String dependent, String dependency, String requirement) {
    Node node = nodes.get(dependency);
    if (node == null) {
      return Optional.of("not installed");
    }
    String version = node.manifest().version();
    if (!CapsuleDependencies.isSatisfied(requirement, version)) {
      return Optional.of("version " + version + " is installed");
    }
    Optional<CapsuleStatus> held = hold(dependency);
    CapsuleState state = held.map(CapsuleStatus::state).orElse(node.state());
    boolean transitional = state == CapsuleState.LOADING || state == CapsuleState.UNLOADING
        || state == CapsuleState.UNLOADED || !held.equals(node.applied());
    if (transitional || passing.contains(dependency)) {
      passing.add(dependent);
    }
    return switch (state) {
      case READY -> Optional.empty();
      case WAITING, FAILED -> Optional.of("it is " + state);
      // Passing states: naming each would report the dependent anew at every step of them.
      default -> Optional.of("it is not READY");
    };
  }

  private static CapsuleStatus waiting(List<String> reasons) {
    return new CapsuleStatus(CapsuleState.WAITING, Optional.of("waiting for " + String.join("; ", reasons)),
        List.of());
  }
}
