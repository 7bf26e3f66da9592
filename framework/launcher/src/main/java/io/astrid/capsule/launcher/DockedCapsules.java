package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.discovery.DuplicateCapsule;
import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
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

  /**
   * The registry with the capsules installed; true in {@code ok()} when discovery found no problem;
   * the capsules not installed because another of their name was.
   */
  record Docked(CapsuleRegistry registry, boolean ok, List<DuplicateCapsule> duplicates) {
    /** The installed capsules that are not READY (FAILED, WAITING): what a one-shot command must explain. */
    List<Capsule> notReady() {
      return registry.capsules().stream().filter(c -> c.status().state() != CapsuleState.READY).toList();
    }

    /**
     * The exit status when nothing else went wrong: {@link ExitCodes#FAILED} when a capsule is not READY,
     * else {@link ExitCodes#PROBLEMS} when discovery found problems, else {@link ExitCodes#OK}.
     */
    int exitCode() {
      return !notReady().isEmpty() ? ExitCodes.FAILED : ok ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
  }

  static Docked dock(Container container, List<CapsuleRoot> roots, PrintWriter err, Duration wait) {
    return dock(container, roots, err, wait, null, true);
  }

  /**
   * As {@link #dock(Container, List, PrintWriter, Duration)}, telling {@code listener} (if not null) of
   * every change from the first load on.
   */
  static Docked dock(Container container, List<CapsuleRoot> roots, PrintWriter err, Duration wait,
      CapsuleListener listener) {
    return dock(container, roots, err, wait, listener, true);
  }

  /**
   * As {@link #dock(Container, List, PrintWriter, Duration, CapsuleListener)}; no console approver when
   * {@code askOnTerminal} is false (the terminal's standard input belongs to someone else, such as an MCP client).
   */
  static Docked dock(Container container, List<CapsuleRoot> roots, PrintWriter err, Duration wait,
      CapsuleListener listener, boolean askOnTerminal) {
    StateLock.claim(StateDirectory.resolve(null, System.getProperty(StateDirectory.PROPERTY)), wait, err);
    if (listener != null) {
      container.register(CapsuleListener.class, listener);
    }
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
    return new Docked(registry, report.broken().isEmpty() && report.unreadableRoots().isEmpty(),
        report.duplicates());
  }
}
