package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import org.semver4j.Semver;

/**
 * The one place {@code [dependencies]} between capsules are judged (issue 17): whether a version
 * meets a requirement, the cycles among some capsules, and the order they load in. Discovery and
 * the registry both ask here, so {@code list} shows the order {@code run} loads in.
 */
public final class CapsuleDependencies {
  private CapsuleDependencies() {}

  /** Whether {@code version} (a capsule's {@code [package] version}) meets {@code requirement}. */
  public static boolean isSatisfied(String requirement, String version) {
    Semver parsed = Semver.parse(version);
    return parsed != null && VersionRequirement.parse(requirement).isSatisfiedBy(parsed);
  }

  /**
   * The dependency cycles among {@code capsules} (by name), each as the names along it with the
   * first repeated at the end ({@code [a, b, a]}), found in the order the capsules are given.
   * Dependencies on names not among them are no edges. Each capsule is in at most one cycle.
   */
  public static List<List<String>> cycles(SequencedMap<String, CapsuleManifest> capsules) {
    List<List<String>> cycles = new ArrayList<>();
    Set<String> finished = new HashSet<>();
    for (String name : capsules.keySet()) {
      walk(name, capsules, new LinkedHashSet<>(), finished, cycles);
    }
    return cycles;
  }

  private static void walk(String name, Map<String, CapsuleManifest> capsules, LinkedHashSet<String> path,
      Set<String> finished, List<List<String>> cycles) {
    if (finished.contains(name)) {
      return;
    }
    if (path.contains(name)) {
      List<String> cycle = new ArrayList<>(path.stream().dropWhile(n -> !n.equals(name)).toList());
      cycle.add(name);
      cycles.add(List.copyOf(cycle));
      finished.addAll(cycle);
      return;
    }
    path.add(name);
    for (String dependency : capsules.get(name).dependencies().keySet()) {
      if (capsules.containsKey(dependency)) {
        walk(dependency, capsules, path, finished, cycles);
      }
    }
    path.remove(name);
    finished.add(name);
  }

  /** The error for one cycle, naming it: {@code dependency cycle [a -> b -> a]: ...}. */
  public static String cycleError(List<String> cycle) {
    return "dependency cycle [" + String.join(" -> ", cycle) + "]: capsules in a cycle can never load, since each"
        + " waits for the next; remove one of these dependencies";
  }

  /**
   * {@code capsules} (by name, in search order) in the order they load: each after the ones it
   * depends on that are among them, otherwise in the order given. Capsules in a cycle keep their
   * order, after the others.
   */
  public static List<String> loadOrder(SequencedMap<String, CapsuleManifest> capsules) {
    Set<String> placed = new LinkedHashSet<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (String name : capsules.keySet()) {
      place(name, capsules, visiting, placed);
    }
    List<String> order = new ArrayList<>(placed);
    capsules.keySet().stream().filter(n -> !placed.contains(n)).forEach(order::add);
    return order;
  }

  /** Depth first, dependencies before the capsule; false when {@code name} is on a cycle. */
  private static boolean place(String name, Map<String, CapsuleManifest> capsules, Set<String> visiting,
      Set<String> placed) {
    if (placed.contains(name)) {
      return true;
    }
    if (!visiting.add(name)) {
      return false;
    }
    boolean placeable = true;
    for (String dependency : capsules.get(name).dependencies().keySet()) {
      if (capsules.containsKey(dependency)) {
        placeable &= place(dependency, capsules, visiting, placed);
      }
    }
    visiting.remove(name);
    if (placeable) {
      placed.add(name);
    }
    return placeable;
  }

  /** {@code manifests} by name, keeping their order. */
  public static SequencedMap<String, CapsuleManifest> byName(List<CapsuleManifest> manifests) {
    SequencedMap<String, CapsuleManifest> byName = new LinkedHashMap<>();
    manifests.forEach(m -> byName.putIfAbsent(m.name(), m));
    return byName;
  }
}
