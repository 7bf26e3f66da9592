package io.astrid.capsule.engine.wasm;

/**
 * How every host times every row: each row warmed up for {@code warmupMs}, then {@code rounds}
 * rounds over all rows, each row called for {@code measureMs} (at most {@code maxCalls} calls) per
 * round. The JVM hosts ({@link CallTimer}) and the Node peer ({@code bench-extism-js.mjs}) follow
 * the same plan.
 */
record LatencyPlan(long warmupMs, long measureMs, int rounds, int maxCalls) {
  /**
   * The default plan, or {@code -Dwasm.bench.warmup.ms}, {@code -Dwasm.bench.measure.ms},
   * {@code -Dwasm.bench.rounds}. The warm-up is long because on two cores the Graal compiler
   * compiles itself before it compiles the guest.
   */
  static LatencyPlan fromSystemProperties() {
    return new LatencyPlan(Long.getLong("wasm.bench.warmup.ms", 5_000), Long.getLong("wasm.bench.measure.ms", 1_000),
        Integer.getInteger("wasm.bench.rounds", 5), 1_000_000);
  }
}
