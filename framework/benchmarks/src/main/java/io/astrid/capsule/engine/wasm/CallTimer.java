package io.astrid.capsule.engine.wasm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Times the calls of the hosts in this JVM by a {@link LatencyPlan}, as the Node peer times its own. */
final class CallTimer {
  /** One call of a row's export with the row's input; its output. */
  @FunctionalInterface
  interface Call {
    byte[] call() throws Exception;
  }

  private final LatencyPlan plan;
  private final long[] times;

  private CallTimer(LatencyPlan plan) {
    this.plan = plan;
    this.times = new long[plan.maxCalls()];
  }

  /**
   * The measurement of each row of each host (host to row name to call), in the order given. Each
   * round measures every row on every host in turn, so that a stretch in which the rest of the
   * machine slows this one down falls on all hosts alike instead of on whichever ran then.
   */
  static Map<String, Map<String, Measurement>> run(LatencyPlan plan, Map<String, Map<String, Call>> hosts)
      throws Exception {
    CallTimer timer = new CallTimer(plan);
    Map<String, List<Row>> rowsByHost = new LinkedHashMap<>();
    hosts.forEach((host, calls) -> rowsByHost.put(host, calls.entrySet().stream()
        .map(e -> new Row(e.getKey(), e.getValue(), plan.rounds())).toList()));
    for (List<Row> rows : rowsByHost.values()) {
      for (Row row : rows) {
        timer.warmUp(row, plan.warmupMs());
      }
    }
    // Rounds over all rows, not all rounds of one row: a row measured after the others have run
    // shows whether its compiled code survived them.
    for (int round = 0; round < plan.rounds(); round++) {
      for (List<Row> rows : rowsByHost.values()) {
        for (Row row : rows) {
          row.medians[round] = Measurement.median(Arrays.copyOf(timer.times, timer.calls(row, plan.measureMs())));
        }
      }
    }
    Map<String, Map<String, Measurement>> result = new LinkedHashMap<>();
    rowsByHost.forEach((host, rows) -> {
      Map<String, Measurement> measured = new LinkedHashMap<>();
      rows.forEach(row -> measured.put(row.name, Measurement.of(row.medians, row.output)));
      result.put(host, measured);
    });
    return result;
  }

  /** Calls for {@code millis}, untimed: the time, not a number of calls, is what lets the compilers finish. */
  private void warmUp(Row row, long millis) throws Exception {
    long end = System.nanoTime() + millis * 1_000_000;
    do {
      row.output = row.call.call();
    } while (System.nanoTime() < end);
  }

  /** Calls for {@code millis} (at least once, at most maxCalls times), each call's time into times; the count. */
  private int calls(Row row, long millis) throws Exception {
    long end = System.nanoTime() + millis * 1_000_000;
    int count = 0;
    do {
      long t0 = System.nanoTime();
      row.output = row.call.call();
      times[count++] = System.nanoTime() - t0;
    } while (count < times.length && System.nanoTime() < end);
    return count;
  }

  private static final class Row {
    final String name;
    final Call call;
    final long[] medians;
    byte[] output;

    Row(String name, Call call, int rounds) {
      this.name = name;
      this.call = call;
      this.medians = new long[rounds];
    }
  }
}
