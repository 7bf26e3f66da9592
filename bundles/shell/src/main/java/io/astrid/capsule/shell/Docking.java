package io.astrid.capsule.shell;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Discovers the capsules of some roots and installs each usable one, as the command line's docking does. */
final class Docking {
  private Docking() {}

  /** The roots of a comma-separated list of directories; blank entries are skipped. */
  static List<CapsuleRoot> roots(String directories) {
    List<CapsuleRoot> roots = new ArrayList<>();
    for (String directory : directories.split(",")) {
      if (!directory.isBlank()) {
        roots.add(new CapsuleRoot(Path.of(directory.strip()).toAbsolutePath().normalize(), RootScope.USER));
      }
    }
    return roots;
  }

  /**
   * Installs every usable capsule of {@code roots} (loading goes on in the background) and returns the problems
   * discovery found, one line each, and the ids installed.
   */
  static Docked dock(CapsuleDiscovery discovery, CapsuleRegistry registry, List<CapsuleRoot> roots) {
    DiscoveryReport report = discovery.discover(roots);
    List<String> problems = new ArrayList<>();
    report.broken().forEach(b -> b.report().errors().forEach(e -> problems.add(e.toString())));
    report.duplicates().forEach(d -> problems.add("warning: " + d));
    problems.addAll(report.unreadableRoots());
    List<String> installed = new ArrayList<>();
    for (DiscoveredCapsule found : report.capsules()) {
      installed.add(registry.install(found.report().orThrow(), found.directory()).id());
    }
    return new Docked(List.copyOf(installed), List.copyOf(problems));
  }

  record Docked(List<String> installed, List<String> problems) {}
}
