package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.security.AllowAllGate;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 15: loading 100 JVM capsules — each jar resolved into a module layer of its own and its
 * tool provider instantiated with {@code ServiceLoader} — against the peer, a plain
 * {@code URLClassLoader} per capsule on the same parent loader, instantiating the same provider
 * class. The jar is the example capsule's ({@code examples/text-diff}), built by the reactor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JvmCapsuleBenchmark {
  /** The example's jar; {@code -Dcapsule.example.jar} overrides (the default is relative to the repository). */
  static final Path JAR = Path.of(System.getProperty("capsule.example.jar", "examples/text-diff/lib/text-diff.jar"));

  private static final int CAPSULES = 100;
  private static final String PROVIDER = "io.astrid.examples.textdiff.DiffTools";

  private JvmRuntime runtime;
  private Path capsule;

  @Setup
  public void setUp() throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("no example jar at [" + JAR.toAbsolutePath() + "]: run ./build bench, which"
          + " builds it first");
    }
    runtime = JvmRuntime.of(new AllowAllGate(), null, null, Path.of("."), null);
    capsule = JAR.toAbsolutePath().getParent().getParent();
  }

  @Benchmark
  public List<CapsuleToolProvider> loadHundredCapsulesInLayers() {
    List<CapsuleToolProvider> providers = new ArrayList<>(CAPSULES);
    for (int i = 0; i < CAPSULES; i++) {
      ModuleLayer layer = LayerBuilder.build(capsule, List.of(JAR.toAbsolutePath()), runtime.apiLayer(),
          runtime.loader(), runtime.apiModule());
      providers.add(ServiceLoader.load(layer, CapsuleToolProvider.class).findFirst().orElseThrow());
    }
    return providers;
  }

  @Benchmark
  public List<CapsuleToolProvider> peerHundredUrlClassLoaders() throws Exception {
    List<CapsuleToolProvider> providers = new ArrayList<>(CAPSULES);
    for (int i = 0; i < CAPSULES; i++) {
      // Not closed: a layer's loader is not closable either; both are left to the collector alike.
      URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, runtime.loader());
      providers.add((CapsuleToolProvider) Class.forName(PROVIDER, true, loader).getConstructor().newInstance());
    }
    return providers;
  }
}
