package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.security.Approver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Claims the state directory ({@link StateLock}), registers the terminal's {@link ConsoleApprover}
 * when there is a terminal, discovers the capsules of some roots and installs each usable one into
 * the registry, waiting until every one has settled (READY, WAITING or FAILED). Problems go to
 * {@code err}. Every command that docks capsules can thus ask its user.
 */
final class DockedCapsules {
  /** How long one capsule may take to load (MCP servers started through npx can take seconds). */
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

  private DockedCapsules() {}

  /** The registry with the capsules installed; true in {@code ok()} when discovery found no problem. */
  record Docked(CapsuleRegistry registry, boolean ok) {}

  static Docked dock(Container container, List<CapsuleRoot> roots, PrintWriter err) {
    return dock(container, roots, err, true);
  }

  /** As {@link #dock(Container, List, PrintWriter)}; no console approver when {@code askOnTerminal} is false. */
  static Docked dock(Container container, List<CapsuleRoot> roots, PrintWriter err, boolean askOnTerminal) {
    StateLock.claim(StateDirectory.resolve(null, System.getProperty(StateDirectory.PROPERTY)));
    // Before the capsules load: starting an MCP server can need an approval already (issue 20).
    if (askOnTerminal) {
      ConsoleApprover.onTerminal().ifPresent(approver -> container.register(Approver.class, approver));
    }
    DiscoveryReport report = container.service(CapsuleDiscovery.class).discover(roots);
    report.broken().forEach(b -> b.report().errors().forEach(err::println));
    report.duplicates().forEach(d -> err.println("warning: " + d));
    report.unreadableRoots().forEach(r -> err.println("capsule: " + r));
    CapsuleRegistry registry = container.service(CapsuleRegistry.class);
    for (DiscoveredCapsule found : report.capsules()) {
      registry.install(found.report().orThrow(), found.directory());
    }
    for (DiscoveredCapsule found : report.capsules()) {
      registry.awaitSettled(found.report().orThrow().name(), SETTLE_TIMEOUT);
    }
    return new Docked(registry, report.broken().isEmpty() && report.unreadableRoots().isEmpty());
  }
}
