package io.astrid.capsule.benchmarks;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.core.internal.discovery.DefaultCapsuleDiscovery;
import io.astrid.capsule.core.internal.manifest.ManifestParser;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Discovering a root of 1,000 typical capsules, against the peer: listing the same root and
 * reading every manifest's bytes (the I/O floor any discovery pays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DiscoveryBenchmark {
  @Param("1000")
  public int capsules;

  private Path root;
  private DefaultCapsuleDiscovery discovery;

  @Setup
  public void setUp() throws IOException {
    root = Files.createTempDirectory("capsule-bench-discovery");
    for (int i = 0; i < capsules; i++) {
      SampleCapsules.write(root.resolve("capsule-" + i), "capsule-" + i);
    }
    discovery = new DefaultCapsuleDiscovery(new TomlManifestReader(new ManifestParser("0.1.0")));
    DiscoveryReport report = discover();
    if (report.capsules().size() != capsules) {
      throw new IllegalStateException("expected " + capsules + " capsules, found " + report.capsules().size());
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    SampleCapsules.delete(root);
  }

  @Benchmark
  public DiscoveryReport discover() {
    return discovery.discover(List.of(new CapsuleRoot(root, RootScope.EXTRA)));
  }

  @Benchmark
  public long peerListAndReadBytes() throws IOException {
    long bytes = 0;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        bytes += Files.readAllBytes(dir.resolve("Capsule.toml")).length;
      }
    }
    return bytes;
  }
}
