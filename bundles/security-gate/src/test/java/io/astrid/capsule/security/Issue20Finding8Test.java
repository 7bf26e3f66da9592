package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
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

/**
 * Issue 20, finding 8: {@code [capabilities] kv} was validated but never enforced. A key-value
 * read or write is a gate request now; the key must lie in a declared namespace.
 */
class Issue20Finding8Test {
  @TempDir
  Path temp;

  private final ManifestGate gate = new ManifestGate();

  private SecuritySubject declaring(List<String> kv) {
    return new SecuritySubject("keeper", CapsuleManifest.builder("keeper", "1.0.0")
        .withCapabilities(new Capabilities(List.of(), kv, List.of(), List.of(), List.of(), List.of())).build(), temp);
  }

  @Test
  void aKeyIsAllowedOnlyInADeclaredNamespaceComparedNameByName() {
    SecuritySubject keeper = declaring(List.of("cache", "users/profiles"));

    assertEquals(GateDecision.allow("manifest", "kv [cache] is within the declared namespace [cache]"),
        gate.check(keeper, new GateRequest.KeyValue("cache")));
    assertEquals(GateDecision.allow("manifest", "kv [cache/page/1] is within the declared namespace [cache]"),
        gate.check(keeper, new GateRequest.KeyValue("cache/page/1")));
    assertEquals(GateDecision.allow("manifest", "kv [users/profiles/ada] is within the declared namespace"
        + " [users/profiles]"), gate.check(keeper, new GateRequest.KeyValue("users/profiles/ada")));
    for (String key : List.of("cache-evil", "cachex/y", "users", "users/other", "token", "/cache", "")) {
      assertEquals(GateDecision.deny("manifest", "kv [" + key + "] denied: it is not within a declared"
          + " [capabilities] kv namespace [cache, users/profiles]"), gate.check(keeper, new GateRequest.KeyValue(key)),
          key);
    }
    assertEquals(GateDecision.deny("manifest", "kv [cache\\u000aforged] denied: it is not within a declared"
        + " [capabilities] kv namespace [cache, users/profiles]"),
        gate.check(keeper, new GateRequest.KeyValue("cache\nforged")));
  }

  @Test
  void aStarCoversEveryKeyAndACapsuleDeclaringNothingHasNoStore() {
    assertEquals(GateDecision.allow("manifest", "kv [any/key] is within the declared namespace [*]"),
        gate.check(declaring(List.of("*")), new GateRequest.KeyValue("any/key")));
    assertEquals(GateDecision.deny("manifest", "kv [cache] denied: the capsule declares no [capabilities] kv"),
        gate.check(declaring(List.of()), new GateRequest.KeyValue("cache")));
  }

  @Test
  void budgetsAndTheAuditLogApplyToKeyValueRequests() throws Exception {
    Path auditFile = temp.resolve("audit.jsonl");
    try (PersistentAnswers store = new PersistentAnswers(temp.resolve("approvals.mv.db"));
        AuditLog audit = new AuditLog(auditFile, Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC))) {
      ComposedGate composed = new ComposedGate(new ApprovalGate(Map.of(), store, Optional::empty,
          Duration.ofSeconds(1)), Budgets.parse("kv=1"), audit);

      assertTrue(composed.check(declaring(List.of("*")), new GateRequest.KeyValue("a")).allowed());
      assertEquals(GateDecision.deny("budget", "kv [b] denied: capsule [keeper] has spent its budget [kv=1]"),
          composed.check(declaring(List.of("*")), new GateRequest.KeyValue("b")));
    }
    List<String> lines = Files.readAllLines(auditFile);
    assertEquals(2, lines.size());
    Map<?, ?> first = new ObjectMapper().readValue(lines.getFirst(), Map.class);
    assertEquals(List.of("keeper", "kv", "a", "allow"),
        List.of(first.get("capsule"), first.get("action"), first.get("resource"), first.get("decision")));
  }
}
