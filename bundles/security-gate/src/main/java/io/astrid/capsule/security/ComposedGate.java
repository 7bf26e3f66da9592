package io.astrid.capsule.security;

import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest gate, then the approval gate, then the budget; the first denial wins. Every
 * decision is audited with the gate that made it ({@code manifest}, {@code policy}, {@code human},
 * {@code budget}) and a human's answer. An audit failure denies: a decision that cannot be
 * recorded is not made.
 */
final class ComposedGate implements CapsuleSecurityGate {
  private static final Logger LOG = LoggerFactory.getLogger(ComposedGate.class);

  private final ManifestGate manifest;
  private final ApprovalGate approval;
  /** Replaced by {@link #budgets(Budgets)} when the configured budgets change. */
  private volatile Budgets budgets;
  private final AuditLog audit;

  ComposedGate(ApprovalGate approval, Budgets budgets, AuditLog audit) {
    this(new ManifestGate(), approval, budgets, audit);
  }

  ComposedGate(ManifestGate manifest, ApprovalGate approval, Budgets budgets, AuditLog audit) {
    this.manifest = manifest;
    this.approval = approval;
    this.budgets = budgets;
    this.audit = audit;
  }

  /** New budgets for the checks from now on; what was spent under the old ones is forgotten (issue 16). */
  void budgets(Budgets budgets) {
    this.budgets = budgets;
  }

  @Override
  public GateDecision check(SecuritySubject subject, GateRequest request) {
    return judge(subject, request).decision();
  }

  /**
   * The decision with what it was about. An allowed file request comes back with the real path
   * the manifest gate judged: the approval key, the audit line and the file operation all use that
   * one resolution, never one of their own.
   */
  ManifestGate.Judged judge(SecuritySubject subject, GateRequest request) {
    ManifestGate.Judged byManifest = manifest.judge(subject, request);
    GateRequest judged = byManifest.request();
    Verdict verdict = decide(subject, judged, byManifest.decision());
    GateDecision decision = verdict.decision();
    try {
      audit.record(subject, judged, verdict);
    } catch (RuntimeException e) {
      LOG.error("audit log failed; denying {} of capsule [{}]", request.capability(), subject.capsuleId(), e);
      return byManifest.decided(GateDecision.deny("audit", ManifestGate.denial(judged,
          "the decision could not be audited")));
    }
    if (!decision.allowed()) {
      LOG.info("capsule [{}]: {}", subject.capsuleId(), decision.reason());
    }
    return byManifest.decided(decision);
  }

  /**
   * The first denial, or the approval step's allow (its gate says whether the policy or a human
   * allowed it) with the manifest gate's reason before its own: what is declared, then who agreed.
   */
  private Verdict decide(SecuritySubject subject, GateRequest request, GateDecision byManifest) {
    if (!byManifest.allowed()) {
      return Verdict.of(byManifest);
    }
    Verdict byApproval = approval.check(subject, request);
    if (!byApproval.decision().allowed()) {
      return byApproval;
    }
    Optional<String> overBudget = budgets.spend(subject.capsuleId(), request.capability());
    if (overBudget.isPresent()) {
      return Verdict.of(GateDecision.deny(Budgets.GATE, ManifestGate.denial(request, overBudget.get())));
    }
    // The manifest gate's judged addresses go with the allow: the engine connects to nothing else.
    return byApproval.with(new GateDecision(true, byManifest.reason() + "; " + byApproval.decision().reason(),
        byApproval.decision().gate(), byManifest.addresses()));
  }
}
