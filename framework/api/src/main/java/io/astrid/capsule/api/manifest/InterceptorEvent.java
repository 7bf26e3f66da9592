package io.astrid.capsule.api.manifest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The host events an {@code [[interceptor]]} can hook, spelled in manifests exactly as the
 * constant names ({@code BeforeToolCall}).
 */
public enum InterceptorEvent {
  /** A session has started. */
  SessionStart,
  /** A session is ending. */
  SessionEnd,
  /** The user submitted a prompt. */
  UserPrompt,
  /** A tool is about to be called; the interceptor may deny the call or rewrite its arguments. */
  BeforeToolCall,
  /** A tool call returned; the interceptor may rewrite the result. */
  AfterToolCall,
  /** A tool call failed. */
  ToolError,
  /** An approval request is about to be shown to the user. */
  BeforeApproval,
  /** The user answered an approval request. */
  AfterApproval,
  /** A notification is about to be sent. */
  Notification,
  /** The conversation context is about to be compacted. */
  BeforeCompact,
  /** A sub-agent is starting. */
  SubagentStart,
  /** A sub-agent has stopped. */
  SubagentStop;

  /** The event spelled {@code name} in a manifest, if there is one. */
  public static Optional<InterceptorEvent> fromManifestName(String name) {
    return Arrays.stream(values()).filter(e -> e.name().equals(name)).findFirst();
  }
}
