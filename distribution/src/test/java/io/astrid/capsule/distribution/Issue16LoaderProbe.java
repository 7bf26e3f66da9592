package io.astrid.capsule.distribution;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.launcher.EmbeddedFramework;
import io.astrid.capsule.testing.Await;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Run by {@link Issue16EngineLoaderIT} in a JVM started as bin/capsule starts it (JVMCI, the Graal compiler):
 * docks a capsule whose guest calls a host function, calls it until the JIT has compiled the call, updates the wasm
 * engine bundle {@code UPDATES} times doing the same after each, and prints {@code collected=C of=N} once the class
 * loaders of the engine's old revisions are collected, or {@code left=L of=N} after the timeout.
 */
public final class Issue16LoaderProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Twice the compilation threshold the test sets: compiling in the calling thread, the call ends compiled. */
  private static final int WARM_CALLS = 1_000;
  private static final int UPDATES = 3;

  private Issue16LoaderProbe() {}

  public static void main(String[] args) throws Exception {
    Path distribution = Path.of(args[0]);
    Path capsule = Path.of(args[1]);
    try (EmbeddedFramework framework = EmbeddedFramework.start(distribution.resolve("bundles"))) {
      CapsuleRegistry registry = CompiledSpeedProbe.dock(framework, capsule);
      List<WeakReference<ClassLoader>> old = new ArrayList<>();
      for (int update = 0; update < UPDATES; update++) {
        CompiledSpeedProbe.settle(registry, "roundtrip");
        callWarm(registry);
        Bundle engine = framework.bundle("io.astrid.capsule.engine.wasm").orElseThrow();
        old.add(new WeakReference<>(engine.adapt(BundleWiring.class).getClassLoader()));
        engine.update();
      }
      CompiledSpeedProbe.settle(registry, "roundtrip");
      callWarm(registry);
      try {
        Await.until(() -> {
          System.gc();
          return old.stream().allMatch(loader -> loader.refersTo(null));
        }, TIMEOUT, "the old engine revisions' class loaders collected");
        System.out.printf("collected=%d of=%d%n", old.size(), old.size());
      } catch (AssertionError e) {
        System.out.printf("left=%d of=%d%n", old.stream().filter(loader -> !loader.refersTo(null)).count(),
            old.size());
      }
    }
  }

  /** Calls the guest, whose every call calls the host, until the JIT has compiled the call. */
  private static void callWarm(CapsuleRegistry registry) {
    for (int call = 0; call < WARM_CALLS; call++) {
      String answer = new String(registry.invoke("roundtrip", "host_roundtrip", new byte[0]), StandardCharsets.UTF_8);
      if (!answer.equals("\"hello\"") && !answer.equals("hello")) {
        throw new IllegalStateException("host_roundtrip answered [" + answer + "]");
      }
    }
  }
}
