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

  GateDecision check(SecuritySubject subject, GateRequest request);
}
