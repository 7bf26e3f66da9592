package io.astrid.capsule.benchmarks;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.framework.Constants;

/**
 * What the pipeline costs per call: a tool that does nothing, called through the registry
 * (lookup, schema validation, interceptors, a thread under the timeout) against the peer, the
 * same tool called directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {
  private static final Map<String, Object> ARGUMENTS = Map.of("text", "ping");
  private static final ToolResult PONG = ToolResult.text("pong");

  private Path dir;
  private RunningRuntime runtime;
  private final CapsuleTool noop = new CapsuleTool() {
    @Override
    public String name() {
      return "noop";
    }

    @Override
    public String description() {
      return "does nothing";
    }

    @Override
    public Map<String, Object> inputSchema() {
      return Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")));
    }

    @Override
    public ToolResult call(Map<String, Object> arguments) {
      return PONG;
    }
  };

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("capsule-bench-pipeline");
    runtime = new RunningRuntime();
    // A static-kind factory of the benchmark's own, ranked above the real one, whose engine offers the tool.
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put(EngineFactory.KIND_PROPERTY, EngineFactory.STATIC);
    properties.put(Constants.SERVICE_RANKING, 100);
    runtime.framework.register(EngineFactory.class, new NoopFactory(), properties);
    Files.writeString(dir.resolve("Capsule.toml"), "[package]\nname = \"bench\"\nversion = \"1.0.0\"\n");
    CapsuleManifest manifest = runtime.reader.read(dir.resolve("Capsule.toml")).orThrow();
    runtime.registry.install(manifest, dir);
    if (runtime.registry.awaitSettled("bench", Duration.ofSeconds(30)).state() != CapsuleState.READY) {
      throw new IllegalStateException("bench capsule not READY: " + runtime.registry.capsule("bench"));
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    runtime.close();
    SampleCapsules.delete(dir);
  }

  @Benchmark
  public ToolResult throughThePipeline() {
    return runtime.registry.call("capsule:bench:noop", ARGUMENTS);
  }

  @Benchmark
  public ToolResult peerDirectCall() throws Exception {
    return noop.call(ARGUMENTS);
  }

  private final class NoopFactory implements EngineFactory {
    @Override
    public String kind() {
      return STATIC;
    }

    @Override
    public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
      return List.of(new ExecutionEngine() {
        @Override
        public String kind() {
          return STATIC;
        }

        @Override
        public String name() {
          return "noop";
        }

        @Override
        public void load(EngineContext context) {}

        @Override
        public EngineContributions contributions() {
          return EngineContributions.ofTools(List.of(noop));
        }

        @Override
        public void unload() {}
      });
    }
  }
}
