package io.astrid.capsule.launcher;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.watch.ReloadOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What {@code capsule run} tells its user while it serves: each change once. A reload is one line
 * saying what became of the capsule ({@code reload: notes replaced by version 0.2.0: READY}); the
 * state changes it caused on the way (LOADING, the old version's UNLOADING) are not repeated. A state
 * change nothing reloaded (an MCP server crashing) is a line of its own. A reason or a manifest error
 * is on an indented line of its own below (issue 19). The lines go out through an {@link OrderedConsole}:
 * each capsule's in the order its changes happened, and no registry thread waits for the terminal
 * (issue 18).
 */
final class ChangeReport {
  private final OrderedConsole console;
  private final CapsuleRegistry registry;
  /** The state changes seen while a reload is applied; null between reloads. */
  private List<CapsuleEvent> duringReload;
  private boolean closed;

  /** Reports the changes after the registry's capsules as they are now (create it just before it listens). */
  ChangeReport(OrderedConsole console, CapsuleRegistry registry) {
    this.console = console;
    this.registry = registry;
    console.known(registry.capsules().stream().collect(Collectors.toMap(Capsule::id, Capsule::status)));
  }

  synchronized void stateChanged(CapsuleEvent event) {
    if (closed) {
      return;
    }
    if (duringReload != null) {
      duringReload.add(event);
      return;
    }
    console.event(event, lines(event));
  }

  /** {@code capsule ID: PREVIOUS -> CURRENT}, and the reason below it. */
  private static List<String> lines(CapsuleEvent event) {
    List<String> lines = new ArrayList<>();
    lines.add("capsule " + event.capsuleId() + ": " + event.previous().state() + " -> " + event.current().state());
    event.current().reason().ifPresent(r -> lines.add("  " + r));
    return lines;
  }

  /**
   * Applies a reload (on the watcher's thread, or a docking command's) and reports it, with the changes it
   * caused to other capsules; returns what became of it.
   */
  ReloadOutcome reloaded(Supplier<ReloadOutcome> apply) {
    synchronized (this) {
      duringReload = new ArrayList<>();
    }
    ReloadOutcome outcome;
    List<CapsuleEvent> seen;
    try {
      outcome = apply.get();
    } finally {
      synchronized (this) {
        seen = duringReload;
        duringReload = null;
      }
    }
    synchronized (this) {
      if (closed) {
        return outcome;
      }
      console.print(describe(outcome));
      for (CapsuleEvent event : seen) {
        // The reloaded capsule's own changes are said by the line above; they still count for its order.
        console.event(event, outcome.capsuleId().equals(Optional.of(event.capsuleId())) ? List.of() : lines(event));
      }
    }
    console.awaitPrinted();
    return outcome;
  }

  /**
   * From now on, nothing: the runtime is shutting down and unloads every capsule on purpose. What was
   * reported before is printed first.
   */
  void close() {
    synchronized (this) {
      closed = true;
    }
    console.close();
  }

  private List<String> describe(ReloadOutcome outcome) {
    String id = outcome.capsuleId().orElse(outcome.directory().toString());
    Optional<CapsuleStatus> now = outcome.capsuleId().flatMap(registry::capsule).map(Capsule::status);
    List<String> lines = switch (outcome.action()) {
      case INSTALLED -> withStatus("reload: " + id + " added: ", now);
      case REPLACED -> withStatus("reload: " + id + " replaced by version " + outcome.capsuleId()
          .flatMap(registry::capsule).map(c -> c.manifest().version()).orElse("?") + ": ", now);
      // "unloaded" alone says nothing more than "removed"; a takeover by a shadowed capsule does.
      case UNINSTALLED -> List.of("reload: " + id + " removed" + (outcome.message().equals("unloaded") ? ""
          : ": " + outcome.message()));
      case KEPT -> prefixed("reload: " + id + " kept: ", outcome.message());
      case REJECTED -> prefixed("reload: " + id + " rejected: ", outcome.message());
      case IGNORED -> prefixed("reload: " + id + " ignored: ", outcome.message());
    };
    List<String> printed = new ArrayList<>();
    printed.add(lines.getFirst());
    lines.stream().skip(1).forEach(line -> printed.add("  " + line));
    return printed;
  }

  /** The state the capsule reached, and the reason of a FAILED or WAITING one below it. */
  private static List<String> withStatus(String prefix, Optional<CapsuleStatus> status) {
    List<String> lines = new ArrayList<>();
    lines.add(prefix + status.map(s -> s.state().toString()).orElse("gone again"));
    status.flatMap(CapsuleStatus::reason).ifPresent(lines::add);
    return lines;
  }

  /** The message's first line after {@code prefix}, its further lines (one error each) after it. */
  private static List<String> prefixed(String prefix, String message) {
    List<String> lines = new ArrayList<>(message.lines().toList());
    if (lines.isEmpty()) {
      lines.add("");
    }
    lines.set(0, prefix + lines.getFirst());
    return lines;
  }
}
