package io.astrid.capsule.watcher;

import io.astrid.capsule.benchmarks.SampleCapsules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
 * Hashing a 256 MiB tree (64 files of 4 MiB) from a cold cache with our hasher, against the peer:
 * Debian's {@code b3sum} over the same files, single-threaded (as our hasher is) and with its
 * default threads. Lives in the watcher's package to reach the package-private hasher.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HashingBenchmark {
  static final int FILES = 64;
  static final int FILE_BYTES = 4 * 1024 * 1024;

  private Path tree;
  private List<String> files;

  @Setup
  public void setUp() throws IOException {
    tree = Files.createTempDirectory("capsule-bench-hash");
    Random random = new Random(42);
    byte[] content = new byte[FILE_BYTES];
    files = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      random.nextBytes(content);
      files.add(Files.write(tree.resolve("blob-" + i + ".bin"), content).toString());
    }
    if (!new java.io.File("/usr/bin/b3sum").canExecute()) {
      throw new IllegalStateException("the peer b3sum is missing: apt-get install b3sum");
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    SampleCapsules.delete(tree);
  }

  @Benchmark
  public String treeHashColdCache() {
    return new TreeHasher(Set.of()).hash(tree);
  }

  @Benchmark
  public int peerB3sumOneThread() throws Exception {
    return b3sum("--num-threads", "1");
  }

  @Benchmark
  public int peerB3sumAllThreads() throws Exception {
    return b3sum();
  }

  private int b3sum(String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/b3sum", "--no-names"));
    command.addAll(List.of(options));
    command.addAll(files);
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("b3sum exited with " + exit);
    }
    return exit;
  }
}
