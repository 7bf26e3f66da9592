package io.astrid.capsule.watcher;

import io.astrid.capsule.benchmarks.SampleCapsules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Re-hashing a 10,000-file capsule tree after one file changed (the cache serves the other
 * 9,999), against the peer: walking the same tree and reading every file's attributes, the
 * floor of any re-check that must notice a change anywhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RehashBenchmark {
  static final int FILES = 10_000;

  private Path tree;
  private TreeHasher hasher;
  private int edits;

  @Setup
  public void setUp() throws IOException {
    tree = Files.createTempDirectory("capsule-bench-rehash");
    for (int d = 0; d < 100; d++) {
      Path dir = Files.createDirectories(tree.resolve("dir-" + d));
      for (int f = 0; f < FILES / 100; f++) {
        Files.writeString(dir.resolve("file-" + f + ".md"), "file " + d + "/" + f + "\n".repeat(10));
      }
    }
    hasher = new TreeHasher(Set.of());
    hasher.hash(tree);
  }

  @TearDown
  public void tearDown() throws IOException {
    SampleCapsules.delete(tree);
  }

  @Benchmark
  public String touchOneAndRehash() throws IOException {
    Files.writeString(tree.resolve("dir-7/file-7.md"), "edit " + edits++);
    return hasher.hash(tree);
  }

  @Benchmark
  public long peerWalkAndStat() throws IOException {
    try (Stream<Path> paths = Files.walk(tree)) {
      return paths.mapToLong(p -> {
        try {
          return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).size();
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}
