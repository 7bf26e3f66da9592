package io.astrid.capsule.engine.wasm;

import java.util.Arrays;

/**
 * One row on one host: the median time per call of each round and the output of the last call;
 * or, when the row cannot run on that host, why.
 */
record Measurement(long[] roundMediansNs, byte[] output, String unavailable) {
  static Measurement of(long[] roundMediansNs, byte[] output) {
    return new Measurement(roundMediansNs, output, null);
  }

  static Measurement unavailable(String why) {
    return new Measurement(new long[0], new byte[0], why);
  }

  boolean available() {
    return unavailable == null;
  }

  /** The median of the rounds' medians. */
  long medianNs() {
    return median(roundMediansNs);
  }

  /** The fastest round's median: on a noisy machine, the one least disturbed by the rest of it. */
  long bestRoundNs() {
    return Arrays.stream(roundMediansNs).min().orElseThrow();
  }

  static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
