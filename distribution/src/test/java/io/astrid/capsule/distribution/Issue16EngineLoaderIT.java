package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: after the JIT has compiled a guest's calls into the host, updating the wasm engine bundle leaves no class
 * loader of its old revisions behind. The Graal compiler keeps the host methods it met in an LRU cache of 4,096
 * (jargraal, in the heap): host functions of the bundle's own classes kept its old loaders there, 2 of 3 in this
 * probe before they reached GraalVM through the boot path's {@code HostCall}.
 */
class Issue16EngineLoaderIT {
  // Not a Pax Exam test: a probe JVM started on purpose with bin/capsule's options and the JIT tuned for the probe.
  @TempDir
  Path dir;

  @Test
  void theOldEngineRevisionsLoadersAreCollectedAfterCompiledHostCalls() throws Exception {
    TestCapsules.wasmCapsule(dir, TestCapsules.wasmFixture("plugins/host_roundtrip.wasm"), "roundtrip", """
        [env.greeting]
        type = "string"
        default = "hello"
        """);
    // One tier, the optimizing one, which inlines the host call (the first tier does not), after 500 calls: what
    // hours of traffic do.
    String output = ProbeJvm.run(Issue16LoaderProbe.class, dir, Duration.ofSeconds(240),
        List.of("-Dpolyglot.engine.MultiTier=false", "-Dpolyglot.engine.SingleTierCompilationThreshold=500"),
        ProbeJvm.DISTRIBUTION.toString(), dir.toString());
    assertTrue(output.contains("collected=3 of=3"), output);
  }
}
