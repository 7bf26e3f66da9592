package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WasmLimitsTest {
  private static final WasmLimits DEFAULTS = new WasmLimits(Duration.ofSeconds(10), 64L << 20);

  @Test
  void entriesOverrideTheDefaultsPerCapsule() {
    Map<String, WasmLimits> limits = WasmLimits.overrides(new String[] {"notes:timeout_ms=30000,"
        + " notes : memory_max_bytes = 134217728", "other:timeout_ms=500"}, DEFAULTS);
    assertEquals(new WasmLimits(Duration.ofSeconds(30), 128L << 20), limits.get("notes"));
    assertEquals(new WasmLimits(Duration.ofMillis(500), 64L << 20), limits.get("other"));
    assertEquals(2, limits.size());
  }

  @Test
  void aBadEntryIsRefusedNamingIt() {
    assertEquals("wasm.limits entry [notes=1]: expected CAPSULE:timeout_ms=N or CAPSULE:memory_max_bytes=N",
        message("notes=1"));
    assertEquals("wasm.limits entry [notes:timeout_ms=soon]: the value is not a whole number",
        message("notes:timeout_ms=soon"));
    assertEquals("wasm.limits entry [notes:cpu=1]: unknown limit [cpu], expected timeout_ms or memory_max_bytes",
        message("notes:cpu=1"));
    assertEquals("wasm.limits entry [notes:timeout_ms=0]: the call timeout must be positive, not 0 ms",
        message("notes:timeout_ms=0"));
    assertEquals("wasm.limits entry [notes:memory_max_bytes=100]: the memory maximum must be at least one 64 KiB"
        + " page, not 100 bytes", message("notes:memory_max_bytes=100"));
  }

  private static String message(String entry) {
    return assertThrows(IllegalArgumentException.class,
        () -> WasmLimits.overrides(new String[] {entry}, DEFAULTS)).getMessage();
  }
}
