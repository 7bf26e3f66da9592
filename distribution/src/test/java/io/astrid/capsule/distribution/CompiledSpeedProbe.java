package io.astrid.capsule.distribution;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.launcher.EmbeddedFramework;
import io.astrid.capsule.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.osgi.framework.Bundle;

/**
 * Run by {@link CompiledAfterUpdateIT} in a JVM started as bin/capsule starts it (JVMCI, the Graal
 * compiler): docks a capsule whose guest computes fib(N), times it once warm, updates the wasm
 * engine bundle, times it warm again, and prints {@code before=MS after=MS value=V}.
 */
public final class CompiledSpeedProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WARM_UP = Duration.ofSeconds(6);
  private static final byte[] N = "27".getBytes(StandardCharsets.UTF_8);

  private CompiledSpeedProbe() {}

  public static void main(String[] args) throws Exception {
    Path distribution = Path.of(args[0]);
    Path capsule = Path.of(args[1]);
    try (EmbeddedFramework framework = EmbeddedFramework.start(distribution.resolve("bundles"))) {
      CapsuleRegistry registry = dock(framework, capsule);
      settle(registry, "fib");
      double before = warmMillis(registry);
      Bundle engine = framework.bundle("io.astrid.capsule.engine.wasm").orElseThrow();
      engine.update();
      settle(registry, "fib");
      double after = warmMillis(registry);
      String value = new String(registry.invoke("fib", "fib", N),
          StandardCharsets.UTF_8);
      System.out.printf("before=%.3f after=%.3f value=%s%n", before, after, value);
    }
  }

  /** Installs the capsule of directory {@code capsule} in {@code framework}'s registry, which it returns. */
  static CapsuleRegistry dock(EmbeddedFramework framework, Path capsule) {
    CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
        .read(capsule.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    registry.install(manifest, capsule);
    return registry;
  }

  /** Waits for READY: right after an update the capsule may still be WAITING for the new factory. */
  static void settle(CapsuleRegistry registry, String id) throws InterruptedException {
    Await.until(() -> registry.awaitSettled(id, TIMEOUT).state() == CapsuleState.READY, TIMEOUT, id + " READY");
  }

  /** The median of the last 20 calls, after calling for the warm-up time so the JIT has compiled the guest. */
  private static double warmMillis(CapsuleRegistry registry) {
    double[] last = new double[20];
    long end = System.nanoTime() + WARM_UP.toNanos();
    int calls = 0;
    while (System.nanoTime() < end || calls < last.length) {
      long started = System.nanoTime();
      registry.invoke("fib", "fib", N);
      last[calls++ % last.length] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(last);
    return last[last.length / 2];
  }
}
