package io.astrid.capsule.launcher;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.watch.ReloadOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code capsule run} tells its user while it serves: each change once. A reload is one line
 * saying what became of the capsule ({@code reload: notes replaced by version 0.2.0: READY}); the
 * state changes it caused on the way (LOADING, the old version's UNLOADING) are not repeated. A state
 * change nothing reloaded (an MCP server crashing) is a line of its own. A reason or a manifest error
 * is on an indented line of its own below (issue 19).
 */
final class ChangeReport {
  private final PrintWriter out;
  private final CapsuleRegistry registry;
  /** The state changes seen while a reload is applied; null between reloads. */
  private List<CapsuleEvent> duringReload;
  private boolean closed;

  ChangeReport(PrintWriter out, CapsuleRegistry registry) {
    this.out = out;
    this.registry = registry;
  }

  synchronized void stateChanged(CapsuleEvent event) {
    if (closed) {
      return;
    }
    if (duringReload != null) {
      duringReload.add(event);
      return;
    }
    out.println("capsule " + event.capsuleId() + ": " + event.previous().state() + " -> " + event.current().state());
    reason(event.current());
    out.flush();
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
      describe(outcome);
      out.flush();
    }
    seen.stream().filter(e -> !outcome.capsuleId().equals(Optional.of(e.capsuleId()))).forEach(this::stateChanged);
    return outcome;
  }

  /** From now on, nothing: the runtime is shutting down and unloads every capsule on purpose. */
  synchronized void close() {
    closed = true;
  }

  private void describe(ReloadOutcome outcome) {
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
    out.println(lines.getFirst());
    lines.stream().skip(1).forEach(line -> out.println("  " + line));
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

  private void reason(CapsuleStatus status) {
    status.reason().ifPresent(r -> out.println("  " + r));
  }
}
