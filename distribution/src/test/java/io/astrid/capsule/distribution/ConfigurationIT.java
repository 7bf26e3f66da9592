package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/*.cfg files reach the components through File Install and Config Admin before the first call. */
class ConfigurationIT {
  // Not a Pax Exam test: it checks the launcher's own conf/ layer, put into Config Admin before any component starts.
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));

  @Test
  void theGateFollowsItsConfigurationFileFromTheFirstCall(@TempDir Path conf, @TempDir Path state) throws Exception {
    Files.writeString(conf.resolve("io.astrid.capsule.security.cfg"), "approval.net = deny\n"
        + "budgets = host_process=1\nstate.directory = " + state + "\n");
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf))) {
      CapsuleSecurityGate gate = framework.service(CapsuleSecurityGate.class, Duration.ofSeconds(30));
      CapsuleManifest manifest = CapsuleManifest.builder("configured", "1.0.0")
          .withCapabilities(
              new Capabilities(List.of("140.82.112.5"), List.of(), List.of(), List.of(), List.of("git"),
                  List.of()))
          .build();
      SecuritySubject subject = new SecuritySubject("configured", manifest, state);

      // An address, not a name: the gate would resolve a name, and the build machine may have no DNS.
      assertEquals(GateDecision.deny("policy", "net [https://140.82.112.5/] denied: approval.net=deny"),
          gate.check(subject, new GateRequest.Http("GET", "https://140.82.112.5/")));
      assertEquals(true, gate.check(subject, new GateRequest.HostProcess("git", List.of())).allowed());
      assertEquals(GateDecision.deny("budget", "host_process [git] denied: capsule [configured] has spent its budget"
          + " [host_process=1]"), gate.check(subject, new GateRequest.HostProcess("git", List.of())));
    }
    assertEquals(3, Files.readAllLines(state.resolve("audit.jsonl")).size());
  }
}
