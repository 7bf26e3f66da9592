package io.astrid.capsule.api.security;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Judges every host call of a capsule. Engines ask before they act and act only on an allowed
 * decision; a denial's reason goes back to the guest as the call's error. An OSGi service;
 * thread-safe. Checking never throws for bad input: a malformed URL or path is a denial that
 * says so.
 *
 * <p>The runtime's gate composes the manifest gate (only what {@code [capabilities]} declares)
 * with the approval gate (configured allow/ask/deny, human answers, budgets); the first denial
 * wins, and every decision is written to the audit log.
 *
 * <p>Checking a {@link GateRequest.FileRead} or {@link GateRequest.FileWrite} here only judges it;
 * an engine that touches the file uses {@link WorkspaceFiles}, which judges and acts on the same
 * real path, so a link swapped in between cannot lead elsewhere.
 */
@ConsumerType
public interface CapsuleSecurityGate {
  /** The Config Admin PID of the runtime gate's configuration. */
  String PID = "io.astrid.capsule.security";

  /** Configuration key: approval of {@code net} (HTTP requests); String allow, ask or deny, default allow. */
  String APPROVAL_NET = "approval.net";

  /** Configuration key: approval of {@code fs_read}; String allow, ask or deny, default allow. */
  String APPROVAL_FS_READ = "approval.fs_read";

  /** Configuration key: approval of {@code fs_write}; String allow, ask or deny, default allow. */
  String APPROVAL_FS_WRITE = "approval.fs_write";

  /** Configuration key: approval of {@code host_process}; String allow, ask or deny, default allow. */
  String APPROVAL_HOST_PROCESS = "approval.host_process";

  /** Configuration key: approval of {@code uplink}; String allow, ask or deny, default allow. */
  String APPROVAL_UPLINK = "approval.uplink";

  /** Configuration key: approval of {@code kv}; String allow, ask or deny, default allow. */
  String APPROVAL_KV = "approval.kv";

  /**
   * Configuration key: budgets; String array of {@code [CAPSULE:]CAPABILITY=N} (for the run) or
   * {@code =N/DURATION} (ms, s, m, h, d), default none. A changed list starts every count afresh.
   */
  String BUDGETS = "budgets";

  /** Configuration key: how long a call waits for a human's answer; long, milliseconds, default 120000. */
  String APPROVAL_TIMEOUT_MS = "approval.timeout.ms";

  /**
   * Configuration key: the directory of {@code audit.jsonl} and {@code approvals.mv.db}; String path,
   * default empty (the framework property {@code astrid.state.dir}, else {@code state/} in the Astrid
   * home). Read when the gate starts: a change restarts the gate.
   */
  String STATE_DIRECTORY = "state.directory";

  /** Configuration key: the size at which the audit log rolls over; long, bytes, default 10 MiB; restarts the gate. */
  String AUDIT_LOG_MAX_BYTES = "audit.log.max.bytes";

  /** Configuration key: audit log files kept, the current one included; int, default 5; restarts the gate. */
  String AUDIT_LOG_FILES = "audit.log.files";

  GateDecision check(SecuritySubject subject, GateRequest request);
}
