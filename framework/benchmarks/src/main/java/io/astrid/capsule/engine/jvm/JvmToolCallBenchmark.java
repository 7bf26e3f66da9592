package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 15: a JVM capsule's tool that does next to nothing ({@code diff_text} of two equal
 * one-letter texts), called through the registry's pipeline in the distribution's real Felix
 * (lookup, schema validation, interceptors, the call's thread and timeout) against the peer, the
 * same tool object called directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JvmToolCallBenchmark {
  private static final Path BUNDLES = Path.of(System.getProperty("capsule.bundles",
      "distribution/target/capsule/bundles"));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, Object> ARGUMENTS = Map.of("before", "a", "after", "a");

  private EmbeddedFramework framework;
  private CapsuleRegistry registry;
  private CapsuleTool direct;

  @Setup
  public void setUp() {
    if (!Files.isDirectory(BUNDLES)) {
      throw new IllegalStateException("no bundles at [" + BUNDLES.toAbsolutePath() + "]: run ./build bench, which"
          + " assembles the distribution first");
    }
    framework = EmbeddedFramework.start(BUNDLES);
    registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    // Trusted for this session only: nothing is stored in the state directory.
    framework.register(Approver.class, (ApprovalRequest request, Duration timeout) ->
        Optional.of(ApprovalAnswer.SESSION));
    Path directory = JvmCapsuleBenchmark.JAR.toAbsolutePath().getParent().getParent();
    CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
        .read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    registry.install(manifest, directory);
    if (registry.awaitSettled(manifest.name(), TIMEOUT).state() != CapsuleState.READY) {
      throw new IllegalStateException("example capsule not READY: " + registry.capsule(manifest.name()));
    }
    direct = registry.tools().stream().filter(t -> t.qualifiedName().equals("capsule:text-diff:diff_text"))
        .findFirst().orElseThrow().tool();
  }

  @TearDown
  public void tearDown() {
    framework.close();
  }

  @Benchmark
  public ToolResult throughThePipeline() {
    return registry.call("capsule:text-diff:diff_text", ARGUMENTS);
  }

  @Benchmark
  public ToolResult peerDirectCall() throws Exception {
    return direct.call(ARGUMENTS);
  }
}
