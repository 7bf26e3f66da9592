package io.astrid.capsule.engine.wasm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wasm harness's {@code compute} loop (compute.c) written in Java, run on HotSpot's C2 and on
 * the Graal compiler side by side, each in a JVM of its own: the best time of each and Graal's
 * ratio to C2. GraalWasm guests are compiled by Graal and Chicory's by C2, so this separates what
 * the compilers make of the same loop from what either WebAssembly engine adds. The loop runs as
 * written and with the generator's chain split by hand (two steps computed from the same state,
 * as C2 rewrites {@code (x * a + b) * a + b}); if Graal matches C2 on the split loop only, the
 * difference is that rewrite. Run with {@code ./build bench jit}.
 */
public final class JitLoopComparison {
  private static final long ITERATIONS = 10_000_000;
  private static final int ROUNDS = 200;
  private static final long A = 6364136223846793005L;
  private static final long B = 1442695040888963407L;

  private JitLoopComparison() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--measure")) {
      measure();
      return;
    }
    Map<String, Map<String, Double>> byCompiler = new LinkedHashMap<>();
    byCompiler.put("C2", child(List.of()));
    byCompiler.put("Graal", child(graalOptions()));
    System.out.printf("%nThe compute loop in Java, %,d iterations, best of %d calls%n", ITERATIONS, ROUNDS);
    System.out.printf("%-30s %12s %12s %12s%n", "loop", "C2", "Graal", "Graal / C2");
    for (String loop : byCompiler.get("C2").keySet()) {
      double c2 = byCompiler.get("C2").get(loop);
      double graal = byCompiler.get("Graal").get(loop);
      System.out.printf("%-30s %9.2f ms %9.2f ms %11.2fx%n", loop, c2, graal, graal / c2);
    }
  }

  /** The Graal compiler as ./build bench wasm gives it to Truffle, here as the JVM's own JIT. */
  private static List<String> graalOptions() {
    String upgrade = System.getProperty("jdk.module.upgrade.path");
    String modules = System.getProperty("jdk.module.path");
    if (upgrade == null || modules == null) {
      throw new IllegalStateException("start this with --upgrade-module-path=<Graal compiler> and --module-path=<its"
          + " modules>, as ./build bench jit does");
    }
    return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "-XX:+UseJVMCICompiler",
        "--upgrade-module-path=" + upgrade, "--module-path=" + modules);
  }

  /** Runs {@link #measure} in a new JVM with {@code options}: each loop's best time in milliseconds. */
  private static Map<String, Double> child(List<String> options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), JitLoopComparison.class.getName(),
        "--measure"));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the measuring JVM failed: " + command + "\n" + output);
    }
    Map<String, Double> best = new LinkedHashMap<>();
    for (String line : output.strip().split("\n")) {
      int tab = line.indexOf('\t');
      best.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1)));
    }
    return best;
  }

  /** Prints each loop's best time, a tab-separated line each, for {@link #child}. */
  private static void measure() {
    long asWritten = Long.MAX_VALUE;
    long split = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long started = System.nanoTime();
      long a = asWritten(ITERATIONS);
      long between = System.nanoTime();
      long b = splitChain(ITERATIONS);
      long ended = System.nanoTime();
      if (a != b) { // also keeps both results alive
        throw new IllegalStateException("the two loops disagree: " + a + " and " + b);
      }
      asWritten = Math.min(asWritten, between - started);
      split = Math.min(split, ended - between);
    }
    System.out.printf("as written (compute.c)\t%.3f%n", asWritten / 1e6);
    System.out.printf("generator chain split by hand\t%.3f%n", split / 1e6);
  }

  /** compute.c's loop. */
  static long asWritten(long iterations) {
    long state = 1;
    long sum = 0;
    for (long i = 0; i < iterations; i++) {
      state = state * A + B;
      sum ^= state >>> 29;
      sum = (sum << 1) | (sum >>> 63);
    }
    return sum;
  }

  /** The same result with each second state computed from the state two steps back ({@code iterations} even). */
  static long splitChain(long iterations) {
    long state = 1;
    long sum = 0;
    for (long i = 0; i < iterations; i += 2) {
      long next = state * A + B;
      long afterNext = state * (A * A) + (A * B + B);
      sum ^= next >>> 29;
      sum = Long.rotateLeft(sum, 1);
      sum ^= afterNext >>> 29;
      sum = Long.rotateLeft(sum, 1);
      state = afterNext;
    }
    return sum;
  }
}
