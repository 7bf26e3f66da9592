package io.astrid.capsule.benchmarks;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Installing 1,000 static capsules (context file and skill each) until every one is READY, then
 * uninstalling them all, in the real runtime; against the peer: reading the same files, the I/O
 * floor of what the static engine does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LifecycleBenchmark {
  private static final Duration SETTLE = Duration.ofSeconds(60);

  @Param("1000")
  public int capsules;

  private Path root;
  private RunningRuntime runtime;
  private final List<CapsuleManifest> manifests = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();

  @Setup
  public void setUp() throws IOException {
    root = Files.createTempDirectory("capsule-bench-lifecycle");
    runtime = new RunningRuntime();
    for (int i = 0; i < capsules; i++) {
      Path dir = Files.createDirectories(root.resolve("static-" + i));
      Files.writeString(dir.resolve("guide.md"), "# Guide " + i + "\n");
      Files.writeString(dir.resolve("skill.md"), "Do the thing " + i + ".\n");
      Files.writeString(dir.resolve("Capsule.toml"), """
          [package]
          name = "static-%d"
          version = "1.0.0"

          [[context_file]]
          name = "guide"
          file = "guide.md"

          [[skill]]
          name = "thing"
          file = "skill.md"
          """.formatted(i));
      manifests.add(runtime.reader.read(dir.resolve("Capsule.toml")).orThrow());
      directories.add(dir);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    runtime.close();
    SampleCapsules.delete(root);
  }

  @Benchmark
  public int loadAndUnloadAll() {
    for (int i = 0; i < capsules; i++) {
      runtime.registry.install(manifests.get(i), directories.get(i));
    }
    int ready = 0;
    for (CapsuleManifest manifest : manifests) {
      if (runtime.registry.awaitSettled(manifest.name(), SETTLE).state() == CapsuleState.READY) {
        ready++;
      }
    }
    if (ready != capsules) {
      throw new IllegalStateException(ready + " of " + capsules + " capsules became READY");
    }
    for (CapsuleManifest manifest : manifests) {
      runtime.registry.uninstall(manifest.name());
    }
    return ready;
  }

  @Benchmark
  public long peerReadTheSameFiles() throws IOException {
    long bytes = 0;
    for (Path dir : directories) {
      bytes += Files.readString(dir.resolve("guide.md")).length() + Files.readString(dir.resolve("skill.md")).length();
    }
    return bytes;
  }
}
