package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The security gate bundle in the real runtime (the Felix base): its service judges, and audits, a real capsule's
 * calls. The audit log is this container's own (its state directory), so its lines are exactly these calls'.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityGateIT extends FelixContainerBase {
  @Inject
  private CapsuleSecurityGate gate;

  @Inject
  private ManifestReader reader;

  @Test
  public void theGateAllowsWhatTheManifestDeclaresDeniesTheRestAndAuditsBoth() throws Exception {
    Path directory = Files.createTempDirectory(stateDirectory(), "github-agent");
    Files.writeString(directory.resolve("Capsule.toml"), """
        [package]
        name = "github-agent"
        version = "1.0.0"

        [capabilities]
        net = ["api.github.com", "140.82.112.5"]
        host_process = ["npx"]
        """);
    CapsuleManifest manifest = reader.read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    SecuritySubject subject = new SecuritySubject(manifest.name(), manifest, directory);

    // An IP address: the gate resolves a name, and the test must not depend on DNS.
    GateDecision allowed = gate.check(subject, new GateRequest.Http("GET", "https://140.82.112.5/issues"));
    GateDecision denied = gate.check(subject, new GateRequest.Http("GET", "http://api.github.com@evil.com/"));
    GateDecision process = gate.check(subject, new GateRequest.HostProcess("npx", List.of("-y", "server-git")));

    assertTrue(allowed.reason(), allowed.allowed());
    assertEquals(GateDecision.deny("manifest", "net [http://api.github.com@evil.com/] denied: URL carries user"
        + " information"), denied);
    assertTrue(process.reason(), process.allowed());
    assertFalse(gate.check(subject, new GateRequest.HostProcess("bash", List.of())).allowed());
    // Each line is flushed before the gate answers (AuditLog): the four decisions are on disk now.
    List<String> audit = Files.readAllLines(stateDirectory().resolve("audit.jsonl"));
    assertEquals(4, audit.size());
    assertTrue(audit.get(1), audit.get(1).contains("\"decision\":\"deny\""));
  }
}
