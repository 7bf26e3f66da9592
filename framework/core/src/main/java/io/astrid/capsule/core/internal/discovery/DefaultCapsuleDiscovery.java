package io.astrid.capsule.core.internal.discovery;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.discovery.DuplicateCapsule;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Diagnostic;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.manifest.ManifestReport;
import io.astrid.capsule.core.internal.manifest.CapsuleDependencies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link CapsuleDiscovery} service. Manifests of one root are read in parallel (reading is
 * I/O plus parsing, and each capsule is independent); results keep directory-name order.
 */
@Component(service = CapsuleDiscovery.class)
public final class DefaultCapsuleDiscovery implements CapsuleDiscovery {
  private final ManifestReader reader;

  @Activate
  public DefaultCapsuleDiscovery(@Reference ManifestReader reader) {
    this.reader = reader;
  }

  @Override
  public DiscoveryReport discover(List<CapsuleRoot> roots) {
    List<DiscoveredCapsule> capsules = new ArrayList<>();
    List<DiscoveredCapsule> broken = new ArrayList<>();
    List<DuplicateCapsule> duplicates = new ArrayList<>();
    List<String> unreadableRoots = new ArrayList<>();
    Map<String, Path> winners = new HashMap<>();
    Set<Path> searched = new HashSet<>();
    for (CapsuleRoot root : roots) {
      // A root named twice is searched once: its capsules would otherwise shadow themselves (issue 19).
      if (!searched.add(root.directory().toAbsolutePath().normalize())) {
        continue;
      }
      List<Path> directories;
      try {
        directories = root.capsuleDirectories();
      } catch (IOException e) {
        unreadableRoots.add("capsule root [" + root.directory() + "] cannot be listed: " + e);
        continue;
      }
      List<DiscoveredCapsule> found = directories.parallelStream()
          .map(dir -> new DiscoveredCapsule(dir, root, root.linkedOutside(dir)
              .map(why -> refused(dir.resolve(CapsuleManifest.FILE_NAME), why))
              .orElseGet(() -> reader.read(dir.resolve(CapsuleManifest.FILE_NAME)))))
          .toList();
      for (DiscoveredCapsule capsule : found) {
        if (capsule.report().hasErrors()) {
          broken.add(capsule);
          continue;
        }
        String name = capsule.report().orThrow().name();
        Path winner = winners.putIfAbsent(name, capsule.directory());
        if (winner == null) {
          capsules.add(capsule);
        } else {
          duplicates.add(new DuplicateCapsule(name, winner, capsule.directory()));
        }
      }
    }
    return new DiscoveryReport(inLoadOrder(capsules, broken), broken, duplicates, unreadableRoots);
  }

  /**
   * The usable capsules in the order they load (issue 17): each after the capsules it depends on.
   * Those on a dependency cycle are moved to {@code broken}, each with the cycle as its error.
   */
  private static List<DiscoveredCapsule> inLoadOrder(List<DiscoveredCapsule> capsules,
      List<DiscoveredCapsule> broken) {
    Map<String, DiscoveredCapsule> byName = new HashMap<>();
    capsules.forEach(c -> byName.put(c.report().orThrow().name(), c));
    SequencedMap<String, CapsuleManifest> manifests =
        CapsuleDependencies.byName(capsules.stream().map(c -> c.report().orThrow()).toList());
    for (List<String> cycle : CapsuleDependencies.cycles(manifests)) {
      for (String name : cycle.subList(0, cycle.size() - 1)) {
        DiscoveredCapsule member = byName.remove(name);
        manifests.remove(name);
        ManifestReport report = member.report();
        List<Diagnostic> diagnostics = new ArrayList<>(report.diagnostics());
        diagnostics.add(new Diagnostic(report.file(), 1, 1, Diagnostic.Severity.ERROR,
            CapsuleDependencies.cycleError(cycle)));
        broken.add(new DiscoveredCapsule(member.directory(), member.root(),
            new ManifestReport(report.file(), Optional.empty(), diagnostics)));
      }
    }
    return CapsuleDependencies.loadOrder(manifests).stream().map(byName::get).toList();
  }

  /** A capsule refused before its manifest is read (issue 20, finding 11): broken, with the reason as its error. */
  private static ManifestReport refused(Path manifest, String why) {
    return new ManifestReport(manifest, Optional.empty(),
        List.of(new Diagnostic(manifest, 1, 1, Diagnostic.Severity.ERROR, why)));
  }
}
