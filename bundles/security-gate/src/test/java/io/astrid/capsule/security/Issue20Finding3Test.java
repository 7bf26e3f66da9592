package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.HumanWait;
import io.astrid.capsule.api.security.SecuritySubject;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, finding 3: a human's "allow" was audited as the manifest gate's, and the time a call
 * waited for a human ran down the call's own timeout. The audit line names who decided, and the
 * wait is accounted apart ({@link HumanWait}).
 */
class Issue20Finding3Test {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  private static final String LINE = "{\"time\":\"2026-12-01T12:00:00Z\",\"capsule\":\"agent\",";

  @TempDir
  Path temp;

  @Test
  void finding3_theAuditLineNamesTheManifestThePolicyAHumansAnswerWithItsScopeOrTheBudget() throws Exception {
    SecuritySubject subject = new SecuritySubject("agent", TestSubjects.manifest(List.of("api.github.com",
        "example.org"), List.of("docs"), List.of(), List.of("git"), List.of()), temp);
    List<ApprovalAnswer> answers = new ArrayList<>(List.of(ApprovalAnswer.ONCE, ApprovalAnswer.SESSION,
        ApprovalAnswer.ALWAYS, ApprovalAnswer.DENY_ALWAYS));
    Approver human = (request, timeout) -> Optional.of(answers.removeFirst());
    Path auditFile = temp.resolve("audit.jsonl");
    try (PersistentAnswers store = new PersistentAnswers(temp.resolve("approvals.mv.db"));
        AuditLog audit = new AuditLog(auditFile, CLOCK)) {
      ApprovalGate approval = new ApprovalGate(Map.of("net", ApprovalGate.Mode.ASK, "host_process",
          ApprovalGate.Mode.DENY), store, () -> Optional.of(human), Duration.ofSeconds(5));
      // Every name resolves to one public address, without DNS (the gate judges the address it resolved).
      ManifestGate manifest = new ManifestGate(name -> List.of(InetAddress.getByName("140.82.112.5")));
      ComposedGate gate = new ComposedGate(manifest, approval, Budgets.parse("fs_read=1"), audit);
      GateRequest github = new GateRequest.Http("GET", "https://api.github.com/user");
      GateRequest example = new GateRequest.Http("GET", "https://example.org/");

      gate.check(subject, new GateRequest.HostProcess("bash", List.of()));
      gate.check(subject, new GateRequest.HostProcess("git", List.of()));
      gate.check(subject, new GateRequest.FileRead("docs/a.md")); // approval.fs_read=allow
      gate.check(subject, new GateRequest.FileRead("docs/a.md")); // over budget
      gate.check(subject, github); // once
      gate.check(subject, github); // session
      gate.check(subject, github); // the session answer
      gate.check(subject, example); // always
      gate.check(subject, new GateRequest.Http("GET", "https://example.org/again")); // the stored answer
      gate.check(subject, new GateRequest.Http("GET", "https://sub.api.github.com/")); // never
    }
    String githubDeclared = "is declared in [capabilities] net (api.github.com), resolved to [140.82.112.5]";
    String exampleDeclared = "is declared in [capabilities] net (example.org), resolved to [140.82.112.5]";
    assertEquals(List.of(
        LINE + "\"action\":\"host_process\",\"resource\":\"bash\",\"decision\":\"deny\",\"reason\":"
            + "\"host_process [bash] denied: it is not declared in [capabilities] host_process\","
            + "\"gate\":\"manifest\"}",
        LINE + "\"action\":\"host_process\",\"resource\":\"git\",\"decision\":\"deny\",\"reason\":"
            + "\"host_process [git] denied: approval.host_process=deny\",\"gate\":\"policy\"}",
        // Issue 20, finding 10: an allowed file's line names the real path judged and acted on.
        LINE + "\"action\":\"fs_read\",\"resource\":\"" + temp.toRealPath().resolve("docs/a.md")
            + "\",\"decision\":\"allow\",\"reason\":"
            + "\"fs_read [" + temp.toRealPath().resolve("docs/a.md") + "] is within the declared prefix [docs];"
            + " needs no approval (approval.fs_read=allow)\",\"gate\":\"policy\"}",
        LINE + "\"action\":\"fs_read\",\"resource\":\"" + temp.toRealPath().resolve("docs/a.md")
            + "\",\"decision\":\"deny\",\"reason\":"
            + "\"fs_read [" + temp.toRealPath().resolve("docs/a.md") + "] denied: capsule [agent] has spent its"
            + " budget [fs_read=1]\",\"gate\":\"budget\"}",
        LINE + "\"action\":\"net\",\"resource\":\"https://api.github.com/user\",\"decision\":\"allow\","
            + "\"reason\":\"net [api.github.com:443] " + githubDeclared + "; approved by the user (once)\","
            + "\"gate\":\"human\",\"answer\":\"once\",\"answer_from\":\"prompt\"}",
        LINE + "\"action\":\"net\",\"resource\":\"https://api.github.com/user\",\"decision\":\"allow\","
            + "\"reason\":\"net [api.github.com:443] " + githubDeclared + "; approved by the user"
            + " (session)\",\"gate\":\"human\",\"answer\":\"session\",\"answer_from\":\"prompt\"}",
        LINE + "\"action\":\"net\",\"resource\":\"https://api.github.com/user\",\"decision\":\"allow\","
            + "\"reason\":\"net [api.github.com:443] " + githubDeclared + "; approved by the user for this"
            + " session\",\"gate\":\"human\",\"answer\":\"session\",\"answer_from\":\"session\"}",
        LINE + "\"action\":\"net\",\"resource\":\"https://example.org/\",\"decision\":\"allow\","
            + "\"reason\":\"net [example.org:443] " + exampleDeclared + "; approved by the user (always)\","
            + "\"gate\":\"human\",\"answer\":\"always\",\"answer_from\":\"prompt\"}",
        LINE + "\"action\":\"net\",\"resource\":\"https://example.org/again\",\"decision\":\"allow\","
            + "\"reason\":\"net [example.org:443] " + exampleDeclared + "; approved by the user always for"
            + " capsule [agent]\",\"gate\":\"human\",\"answer\":\"always\",\"answer_from\":\"store\"}",
        LINE + "\"action\":\"net\",\"resource\":\"https://sub.api.github.com/\",\"decision\":\"deny\","
            + "\"reason\":\"net [https://sub.api.github.com/] denied: the user said no\",\"gate\":\"human\","
            + "\"answer\":\"never\",\"answer_from\":\"prompt\"}"),
        Files.readAllLines(auditFile));
  }

  @Test
  void finding3_whileTheGateWaitsForAHumanTheCallingThreadCountsAsWaiting() {
    long now = System.nanoTime();
    long second = Duration.ofSeconds(1).toNanos();
    HumanWait caller = HumanWait.ofCurrentThread();
    List<Long> seenByTheHuman = new ArrayList<>();
    Approver human = (request, timeout) -> {
      // Waiting now: the account grows with the clock, so a reading a second later is a second more.
      seenByTheHuman.add(caller.waitedNanos(now + second) - caller.waitedNanos(now));
      return Optional.of(ApprovalAnswer.ONCE);
    };
    SecuritySubject subject = new SecuritySubject("agent", TestSubjects.manifest(List.of("api.github.com"),
        List.of(), List.of(), List.of(), List.of()), temp);
    try (PersistentAnswers store = new PersistentAnswers(temp.resolve("approvals.mv.db"))) {
      new ApprovalGate(Map.of("net", ApprovalGate.Mode.ASK), store, () -> Optional.of(human), Duration.ofSeconds(5))
          .check(subject, new GateRequest.Http("GET", "https://api.github.com/"));
    }
    assertEquals(List.of(second), seenByTheHuman);
    assertEquals(0, caller.waitedNanos(now + second) - caller.waitedNanos(now), "the wait ended with the answer");
  }
}
