package io.astrid.capsule.api.discovery;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a discovery found.
 *
 * @param capsules the usable capsules, one per name (the winner of each duplicate), in load
 *     order: each after the capsules among them it depends on, otherwise in search order then
 *     directory name order
 * @param broken capsule directories whose manifest has errors, in search order, then those on a
 *     dependency cycle (the cycle is their error)
 * @param duplicates names declared by more than one directory
 * @param unreadableRoots roots that exist but could not be listed, each with the reason
 */
public record DiscoveryReport(
    List<DiscoveredCapsule> capsules,
    List<DiscoveredCapsule> broken,
    List<DuplicateCapsule> duplicates,
    List<String> unreadableRoots) {

  public DiscoveryReport {
    capsules = List.copyOf(capsules);
    broken = List.copyOf(broken);
    duplicates = List.copyOf(duplicates);
    unreadableRoots = List.copyOf(unreadableRoots);
  }

  /** The usable capsules' manifests by name. */
  public Map<String, CapsuleManifest> manifestsByName() {
    return capsules.stream()
        .map(c -> c.report().orThrow())
        .collect(Collectors.toUnmodifiableMap(CapsuleManifest::name, Function.identity()));
  }
}
