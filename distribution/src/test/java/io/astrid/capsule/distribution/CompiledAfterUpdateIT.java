package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truffle lives on the boot class path, loaded once per JVM, so updating the wasm engine bundle
 * must not lose the JIT (a second copy of Truffle would silently fall back to the interpreter,
 * 20 to 50 times slower on this guest). Measured in a JVM started with bin/capsule's options.
 */
class CompiledAfterUpdateIT {
  // Not a Pax Exam test: a probe JVM started on purpose with bin/capsule's options (Truffle on the boot path, Graal).
  @TempDir
  Path dir;

  @Test
  void aComputeHeavyGuestRunsAtCompiledSpeedAfterTheEngineBundleIsUpdated() throws Exception {
    TestCapsules.wasmCapsule(dir, TestCapsules.wasmFixture("plugins/fib.wasm"), "fib", "");
    String output = ProbeJvm.run(CompiledSpeedProbe.class, dir, Duration.ofSeconds(120), List.of(),
        ProbeJvm.DISTRIBUTION.toString(), dir.toString());
    Matcher result = Pattern.compile("before=([0-9.]+) after=([0-9.]+) value=(\\d+)").matcher(output);
    assertTrue(result.find(), output);
    assertEquals("196418", result.group(3), "fib(27)");
    double before = Double.parseDouble(result.group(1));
    double after = Double.parseDouble(result.group(2));
    // Measured here: 0.7 to 1.3 ms compiled, 52 ms in the interpreter.
    assertTrue(after <= 3 * before + 2 && after < 15, "compiled " + before + " ms before the update, " + after
        + " ms after: " + output);
  }
}
