package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposedGateTest {
  @TempDir
  Path temp;

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void theManifestDeniesFirstThenApprovalThenTheBudgetAndEveryDecisionIsAuditedAsOneJsonLine() throws Exception {
    // An IP address: the manifest gate resolves names, and the test must not depend on DNS.
    SecuritySubject subject = new SecuritySubject("agent", TestSubjects.manifest(List.of("140.82.112.5"),
        List.of(), List.of(), List.of("git"), List.of()), temp);
    Path auditFile = temp.resolve("state/audit.jsonl");
    try (PersistentAnswers store = new PersistentAnswers(temp.resolve("approvals.mv.db"));
        AuditLog audit = new AuditLog(auditFile, CLOCK)) {
      ApprovalGate approval = new ApprovalGate(Map.of("host_process", ApprovalGate.Mode.DENY), store,
          Optional::empty, Duration.ofSeconds(1));
      ComposedGate gate = new ComposedGate(approval, Budgets.parse("net=1"), audit);

      GateDecision undeclared = gate.check(subject, new GateRequest.Http("GET", "https://evil.com/\nforged"));
      GateDecision denied = gate.check(subject, new GateRequest.HostProcess("git", List.of("status")));
      GateDecision first = gate.check(subject, new GateRequest.Http("GET", "https://140.82.112.5/"));
      GateDecision second = gate.check(subject, new GateRequest.Http("GET", "https://140.82.112.5/"));

      assertEquals("manifest", undeclared.gate());
      assertEquals(GateDecision.deny("policy", "host_process [git] denied: approval.host_process=deny"), denied);
      assertTrue(first.allowed());
      assertEquals(GateDecision.deny("budget", "net [https://140.82.112.5/] denied: capsule [agent] has spent its"
          + " budget [net=1]"), second);
    }
    List<String> lines = Files.readAllLines(auditFile);
    assertEquals(4, lines.size(), "one line per decision, a guest's newline stays inside its field");
    Map<?, ?> forged = new ObjectMapper().readValue(lines.getFirst(), Map.class);
    assertEquals(Map.of("time", "2026-12-01T12:00:00Z", "capsule", "agent", "action", "net",
        "resource", "https://evil.com/\nforged", "decision", "deny", "gate", "manifest",
        "reason", "net [https://evil.com/\\u000aforged] denied: not a valid URL (Illegal character in path)"), forged);
    assertEquals("allow", new ObjectMapper().readValue(lines.get(2), Map.class).get("decision"));
  }
}
