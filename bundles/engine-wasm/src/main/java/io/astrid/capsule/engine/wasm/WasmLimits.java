package io.astrid.capsule.engine.wasm;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The call timeout and memory maximum of each capsule: the defaults, overridden per capsule by
 * entries {@code CAPSULE:timeout_ms=N} and {@code CAPSULE:memory_max_bytes=N} of the engine's
 * configuration. The host's operator sets them, not the capsule: a manifest cannot raise its own.
 */
record WasmLimits(Duration timeout, long memoryMaxBytes) {
  WasmLimits {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the call timeout must be positive, not " + timeout.toMillis() + " ms");
    }
    if (memoryMaxBytes < MemoryLimit.PAGE_BYTES) {
      throw new IllegalArgumentException("the memory maximum must be at least one 64 KiB page, not "
          + memoryMaxBytes + " bytes");
    }
  }

  /** Per-capsule limits from the {@code wasm.limits} entries, over {@code defaults}. */
  static Map<String, WasmLimits> overrides(String[] entries, WasmLimits defaults) {
    Map<String, WasmLimits> limits = new HashMap<>();
    // A .cfg file gives one string: several entries may share it, separated by commas.
    for (String entry : Arrays.stream(entries).flatMap(e -> Arrays.stream(e.split(",")))
        .map(String::strip).filter(e -> !e.isEmpty()).toList()) {
      int colon = entry.indexOf(':');
      int equals = entry.indexOf('=');
      if (colon < 1 || equals < colon) {
        throw new IllegalArgumentException("wasm.limits entry [" + entry + "]: expected CAPSULE:timeout_ms=N or"
            + " CAPSULE:memory_max_bytes=N");
      }
      String capsule = entry.substring(0, colon).strip();
      String key = entry.substring(colon + 1, equals).strip();
      long value;
      try {
        value = Long.parseLong(entry.substring(equals + 1).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("wasm.limits entry [" + entry + "]: the value is not a whole number");
      }
      WasmLimits current = limits.getOrDefault(capsule, defaults);
      try {
        limits.put(capsule, switch (key) {
          case "timeout_ms" -> new WasmLimits(Duration.ofMillis(value), current.memoryMaxBytes());
          case "memory_max_bytes" -> new WasmLimits(current.timeout(), value);
          default -> throw new IllegalArgumentException("unknown limit [" + key + "], expected timeout_ms or"
              + " memory_max_bytes");
        });
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("wasm.limits entry [" + entry + "]: " + e.getMessage(), e);
      }
    }
    return Map.copyOf(limits);
  }
}
