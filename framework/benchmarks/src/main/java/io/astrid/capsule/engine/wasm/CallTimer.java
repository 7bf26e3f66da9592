package io.astrid.capsule.engine.wasm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Times the calls of a host in this JVM by a {@link LatencyPlan}, as the Node peer times its own. */
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

  /** The measurement of each row (name to call), in the order given. */
  static Map<String, Measurement> run(LatencyPlan plan, Map<String, Call> calls) throws Exception {
    CallTimer timer = new CallTimer(plan);
    List<Row> rows = calls.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue(), plan.rounds())).toList();
    for (Row row : rows) {
      timer.warmUp(row, plan.warmupMs());
    }
    // Rounds over all rows, not all rounds of one row: a row measured after the others have run
    // shows whether its compiled code survived them.
    for (int round = 0; round < plan.rounds(); round++) {
      for (Row row : rows) {
        row.medians[round] = Measurement.median(Arrays.copyOf(timer.times, timer.calls(row, plan.measureMs())));
      }
    }
    Map<String, Measurement> result = new LinkedHashMap<>();
    rows.forEach(row -> result.put(row.name, Measurement.of(row.medians, row.output)));
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
