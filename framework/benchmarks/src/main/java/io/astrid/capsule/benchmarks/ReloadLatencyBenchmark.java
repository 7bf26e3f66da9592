package io.astrid.capsule.benchmarks;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.api.watch.CapsuleChange;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import io.astrid.capsule.api.watch.ReloadOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * From a file write to the new version READY, through the real watcher, reloader and registry
 * (a static capsule: the WebAssembly engine does not exist yet). The peer is the floor: waiting
 * out the watcher's debounce and nothing else, so ours-peer is the latency beyond the debounce.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
public class ReloadLatencyBenchmark {
  /** The watcher's default debounce (no configuration in the embedded runtime). */
  static final Duration DEBOUNCE = Duration.ofMillis(500);

  private Path root;
  private RunningRuntime runtime;
  private CapsuleWatcher.Watch watch;
  private final BlockingQueue<ReloadOutcome> outcomes = new LinkedBlockingQueue<>();
  private int edits;

  @Setup
  public void setUp() throws IOException {
    root = Files.createTempDirectory("capsule-bench-reload");
    Path dir = Files.createDirectories(root.resolve("notes"));
    Files.writeString(dir.resolve("notes.md"), "notes");
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "notes"
        version = "1.0.0"

        [[context_file]]
        name = "notes"
        file = "notes.md"
        """);
    runtime = new RunningRuntime();
    HotReloader reloader = runtime.framework.service(HotReloader.class, Duration.ofSeconds(30));
    reloader.apply(new CapsuleChange.Added(dir, "initial"));
    watch = runtime.framework.service(CapsuleWatcher.class, Duration.ofSeconds(30))
        .watch(List.of(new CapsuleRoot(root, RootScope.EXTRA)), change -> outcomes.add(reloader.apply(change)));
  }

  @TearDown
  public void tearDown() throws IOException {
    watch.close();
    runtime.close();
    SampleCapsules.delete(root);
  }

  @Benchmark
  public ReloadOutcome writeToReady() throws Exception {
    Files.writeString(root.resolve("notes/notes.md"), "edit " + edits++);
    ReloadOutcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
    if (outcome == null || outcome.action() != ReloadOutcome.Action.REPLACED) {
      throw new IllegalStateException("expected a replace, got " + outcome);
    }
    return outcome;
  }

  @Benchmark
  public long peerDebounceFloor() throws InterruptedException {
    Thread.sleep(DEBOUNCE);
    return DEBOUNCE.toMillis();
  }
}
