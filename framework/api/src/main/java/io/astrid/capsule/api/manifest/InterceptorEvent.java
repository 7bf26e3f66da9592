package io.astrid.capsule.api.manifest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The host events an {@code [[interceptor]]} can hook, spelled in manifests exactly as the
 * constant names ({@code BeforeToolCall}). Each is raised by this runtime (issue 18); the events an
 * agent host owns (sessions, prompts, approvals, compaction, sub-agents) are not constants here, so
 * a manifest naming one is rejected at validation instead of waiting for an event that never comes.
 */
public enum InterceptorEvent {
  /** A capsule became READY (loaded, or a replacement took over); notification only. */
  CapsuleLoaded(false),
  /** A READY capsule left READY (unloaded, failed, uninstalled); notification only. */
  CapsuleUnloaded(false),
  /** A tool is about to be called; the interceptor may deny the call or rewrite its arguments. */
  BeforeToolCall(true),
  /** A tool call returned; the interceptor may rewrite the result. */
  AfterToolCall(false),
  /** A tool call returned an error result; notification only, raised before AfterToolCall. */
  ToolError(false),
  /** A command is about to run; the interceptor may deny it or rewrite its arguments. */
  BeforeCommand(true),
  /** A command ran; the interceptor may rewrite its output. */
  AfterCommand(false);

  private final boolean decides;

  InterceptorEvent(boolean decides) {
    this.decides = decides;
  }

  /** Whether an interceptor of this event decides whether the action goes on (allow, deny, rewrite). */
  public boolean decides() {
    return decides;
  }

  /** The event spelled {@code name} in a manifest, if there is one. */
  public static Optional<InterceptorEvent> fromManifestName(String name) {
    return Arrays.stream(values()).filter(e -> e.name().equals(name)).findFirst();
  }
}
