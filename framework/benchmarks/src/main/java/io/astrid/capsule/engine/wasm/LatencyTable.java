package io.astrid.capsule.engine.wasm;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The table of medians per call: one line per row, one column per host (ours first), our ratio to
 * the fastest peer, and the same ratio between each host's fastest round (what a noisy machine
 * disturbed least).
 */
final class LatencyTable {
  private LatencyTable() {}

  /** A host's column: 20 wide, or wider so that a long host name stays apart from its neighbour. */
  private static int width(String hostName) {
    return Math.max(20, hostName.length() + 2);
  }

  /** {@code hosts}: host name to its measurements by row name, ours first. */
  static void print(PrintStream out, List<LatencyRow> rows, Map<String, Map<String, Measurement>> hosts) {
    List<String> names = List.copyOf(hosts.keySet());
    StringBuilder header = new StringBuilder(String.format("%-28s", "median per call"));
    names.forEach(name -> header.append(String.format("%" + width(name) + "s", name)));
    out.println(header.append(String.format("%18s%14s", "ours / best peer", "best rounds")));
    List<String> notes = new ArrayList<>();
    for (LatencyRow row : rows) {
      StringBuilder line = new StringBuilder(String.format("%-28s", row.name()));
      for (String name : names) {
        Measurement m = hosts.get(name).get(row.name());
        line.append(String.format("%" + width(name) + "s", m.available() ? duration(m.medianNs()) : "n/a"));
        if (!m.available()) {
          notes.add(name + ", " + row.name() + ": " + m.unavailable());
        }
      }
      out.println(line.append(String.format("%18s%14s", ratio(row, names, hosts, Measurement::medianNs),
          ratio(row, names, hosts, Measurement::bestRoundNs))));
    }
    notes.forEach(note -> out.println("n/a: " + note));
    // The rounds show what one median hides on a noisy machine: a row that drifted between rounds.
    out.println("round medians:");
    for (LatencyRow row : rows) {
      List<String> cells = new ArrayList<>();
      for (String name : names) {
        Measurement m = hosts.get(name).get(row.name());
        if (m.available()) {
          cells.add(name + " " + Arrays.stream(m.roundMediansNs()).mapToObj(LatencyTable::duration)
              .collect(Collectors.joining(", ")));
        }
      }
      out.println("  " + row.name() + ": " + String.join("; ", cells));
    }
  }

  /** Ours over the fastest peer that ran the row, each host's time as {@code time} gives it. */
  private static String ratio(LatencyRow row, List<String> names, Map<String, Map<String, Measurement>> hosts,
      ToLongFunction<Measurement> time) {
    Measurement ours = hosts.get(names.get(0)).get(row.name());
    long best = names.stream().skip(1).map(name -> hosts.get(name).get(row.name())).filter(Measurement::available)
        .mapToLong(time).min().orElse(0);
    if (!ours.available() || best == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2fx", (double) time.applyAsLong(ours) / best);
  }

  static String duration(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    return nanos < 1_000_000 ? String.format(Locale.ROOT, "%.2f us", nanos / 1e3)
        : String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }
}
