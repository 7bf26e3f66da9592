package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security gate bundle in the real runtime: its service judges, and audits, a real capsule's calls. */
class SecurityGateIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void theGateAllowsWhatTheManifestDeclaresDeniesTheRestAndAuditsBoth(@TempDir Path state, @TempDir Path directory)
      throws Exception {
    Files.writeString(directory.resolve("Capsule.toml"), """
        [package]
        name = "github-agent"
        version = "1.0.0"

        [capabilities]
        net = ["api.github.com", "140.82.112.5"]
        host_process = ["npx"]
        """);
    try (TemporaryProperty stateDirectory = TemporaryProperty.set("astrid.state.dir", state.toString());
        EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"))) {
      CapsuleSecurityGate gate = framework.service(CapsuleSecurityGate.class, TIMEOUT);
      CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
          .read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
      SecuritySubject subject = new SecuritySubject(manifest.name(), manifest, directory);

      // An IP address: the gate resolves a name, and the test must not depend on DNS.
      GateDecision allowed = gate.check(subject, new GateRequest.Http("GET", "https://140.82.112.5/issues"));
      GateDecision denied = gate.check(subject, new GateRequest.Http("GET", "http://api.github.com@evil.com/"));
      GateDecision process = gate.check(subject, new GateRequest.HostProcess("npx", List.of("-y", "server-git")));

      assertTrue(allowed.allowed(), allowed.reason());
      assertEquals(GateDecision.deny("manifest", "net [http://api.github.com@evil.com/] denied: URL carries user"
          + " information"), denied);
      assertTrue(process.allowed(), process.reason());
      assertFalse(gate.check(subject, new GateRequest.HostProcess("bash", List.of())).allowed());
    }
    List<String> audit = Files.readAllLines(state.resolve("audit.jsonl"));
    assertEquals(4, audit.size());
    assertTrue(audit.get(1).contains("\"decision\":\"deny\""), audit.get(1));
  }
}
