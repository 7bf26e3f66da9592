package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.security.StoredApproval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the gate's stored "always" and "deny always" answers are listed (capsule:approvals --stored) and one
 * is revoked; the request it covered is asked about again, and the revocation outlives a restart.
 */
class Issue16StoredApprovalsTest {
  private static final GateRequest DIFF_JARS = new GateRequest.JvmCode("blake3:aa11");
  private static final GateRequest OTHER_JARS = new GateRequest.JvmCode("blake3:bb22");

  @TempDir
  Path temp;

  @Test
  void storedAnswersAreListedAndARevokedOneIsAskedAboutAgainAfterARestart() throws Exception {
    List<ApprovalRequest> asked = new ArrayList<>();
    List<ApprovalAnswer> answers = new ArrayList<>(List.of(ApprovalAnswer.DENY_ALWAYS, ApprovalAnswer.ALWAYS,
        ApprovalAnswer.ONCE));
    Approver human = (request, timeout) -> {
      asked.add(request);
      return Optional.of(answers.removeFirst());
    };
    DefaultSecurityGate gate = new DefaultSecurityGate(temp, human);
    try {
      assertFalse(gate.check(subject("other"), OTHER_JARS).allowed());
      assertTrue(gate.check(subject("diff"), DIFF_JARS).allowed());
      assertEquals(List.of(new StoredApproval("diff", "jvm", "blake3:aa11", ApprovalAnswer.ALWAYS),
          new StoredApproval("other", "jvm", "blake3:bb22", ApprovalAnswer.DENY_ALWAYS)), gate.stored());

      assertTrue(gate.revoke("diff", "jvm", "blake3:aa11"));
      assertFalse(gate.revoke("diff", "jvm", "blake3:aa11"), "revoked already");
      assertFalse(gate.revoke("diff", "jvm", "blake3:bb22"), "another resource was never stored for diff");
      assertEquals(List.of(new StoredApproval("other", "jvm", "blake3:bb22", ApprovalAnswer.DENY_ALWAYS)),
          gate.stored());
    } finally {
      gate.deactivate();
    }

    DefaultSecurityGate restarted = new DefaultSecurityGate(temp, human);
    try {
      assertEquals(List.of(new StoredApproval("other", "jvm", "blake3:bb22", ApprovalAnswer.DENY_ALWAYS)),
          restarted.stored());
      assertTrue(restarted.check(subject("diff"), DIFF_JARS).allowed(), "asked again: once");
      assertFalse(restarted.check(subject("other"), OTHER_JARS).allowed(), "the stored answer, not asked");
      assertEquals(List.of("other jvm blake3:bb22", "diff jvm blake3:aa11", "diff jvm blake3:aa11"),
          asked.stream().map(r -> r.capsuleId() + " " + r.capability() + " " + r.resource()).toList());
    } finally {
      restarted.deactivate();
    }
  }

  private SecuritySubject subject(String capsuleId) {
    CapsuleManifest manifest = CapsuleManifest.builder(capsuleId, "1.0.0")
        .withCapabilities(new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), true))
        .build();
    return new SecuritySubject(capsuleId, manifest, temp);
  }
}
