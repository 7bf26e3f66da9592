package io.astrid.capsule.benchmarks;

import io.astrid.capsule.api.manifest.ManifestReport;
import io.astrid.capsule.core.internal.manifest.ManifestParser;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Reading one typical manifest: our whole read (file, UTF-8, TOML, every rule, every referenced
 * file checked on disk) against the peer, tomlj parsing the same text and nothing else. The
 * ratio is what validation costs on top of parsing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ManifestBenchmark {
  private Path dir;
  private Path manifest;
  private String text;
  private TomlManifestReader reader;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("capsule-bench-manifest");
    manifest = SampleCapsules.write(dir, "github-agent");
    text = Files.readString(manifest);
    reader = new TomlManifestReader(new ManifestParser("0.1.0"));
    if (reader.read(manifest).hasErrors()) {
      throw new IllegalStateException("the sample manifest must be valid: " + reader.read(manifest).diagnostics());
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    SampleCapsules.delete(dir);
  }

  @Benchmark
  public ManifestReport readAndValidate() {
    return reader.read(manifest);
  }

  @Benchmark
  public TomlParseResult peerTomljParseOnly() {
    return Toml.parse(text);
  }
}
