package io.astrid.capsule.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (JMH options may be passed, such as a name filter or {@code -f 2}) and
 * prints, for each benchmark class, our score beside its peer's, the ratio, and the difference
 * (the overhead, where the peer does the same work without us).
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .parent(new CommandLineOptions(args))
        .forks(1)
        .warmupIterations(3)
        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
        .measurementIterations(5)
        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2));
    if (args.length == 0) {
      options.include("io.astrid.capsule.benchmarks.*");
      options.include("io.astrid.capsule.engine.jvm.*");
    }
    printRatios(new Runner(options.build()).run());
  }

  /** Benchmarks named {@code peer*} are the peers of the others in their class. */
  private static void printRatios(Collection<RunResult> results) {
    Map<String, Map<String, RunResult>> byClass = new TreeMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      int dot = name.lastIndexOf('.');
      byClass.computeIfAbsent(name.substring(0, dot), k -> new TreeMap<>()).put(name.substring(dot + 1), result);
    }
    System.out.println();
    System.out.println("benchmark                           ours          peer          ours/peer   ours-peer");
    byClass.forEach((owner, methods) -> methods.forEach((method, ours) -> {
      if (method.startsWith("peer")) {
        return;
      }
      methods.forEach((peerName, peer) -> {
        if (!peerName.startsWith("peer")) {
          return;
        }
        double o = ours.getPrimaryResult().getScore();
        double p = peer.getPrimaryResult().getScore();
        String unit = ours.getPrimaryResult().getScoreUnit();
        System.out.printf("%-34s  %8.2f %-5s %8.2f %-5s %8.2fx  %8.2f %-5s (peer: %s)%n",
            owner.substring(owner.lastIndexOf('.') + 1) + "." + method, o, unit, p, unit, o / p, o - p, unit,
            peerName);
      });
    }));
  }
}
