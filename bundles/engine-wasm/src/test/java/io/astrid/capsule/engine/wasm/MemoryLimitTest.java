package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

/** The declared maximum is what GraalVM WebAssembly enforces; the rewrite makes it ours. */
class MemoryLimitTest {
  /** A plugin whose "grow" export tries to grow memory by the pages in its one-byte input and outputs the result. */
  private static String growing(String memory) {
    return """
        (module
          (import "extism:host/env" "input_load_u8" (func $in (param i64) (result i32)))
          (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
          (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
          (import "extism:host/env" "output_set" (func $out (param i64 i64)))
          %s
          (func (export "grow") (result i32)
            (local $block i64)
            (local.set $block (call $alloc (i64.const 1)))
            ;; memory.grow answers the old size in pages, or -1; 255 stands for -1 here
            (call $store (local.get $block) (i32.and (memory.grow (call $in (i64.const 0))) (i32.const 255)))
            (call $out (local.get $block) (i64.const 1))
            (i32.const 0)))
        """.formatted(memory);
  }

  private static int grow(String memory, long maxPages, int pages) {
    byte[] module = MemoryLimit.apply(Wat2Wasm.parse(growing(memory)), maxPages);
    try (Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
        WasmPlugin plugin = TestPlugins.kernelOnly(engine, module, "grow.wasm", Map.of(), WasmPluginTest.noHttp())) {
      return plugin.call("grow", new byte[] {(byte) pages}, Duration.ofSeconds(10))[0] & 0xff;
    }
  }

  @Test
  void aMemoryWithoutMaximumGetsTheLimit() {
    assertEquals(1, grow("(memory (export \"memory\") 1)", 4, 3), "growing to 4 pages is allowed");
    assertEquals(255, grow("(memory (export \"memory\") 1)", 4, 4), "growing to 5 pages is refused");
  }

  @Test
  void aLargerMaximumIsCappedAndASmallerOneKept() {
    assertEquals(255, grow("(memory (export \"memory\") 1 1000)", 4, 4));
    assertEquals(255, grow("(memory (export \"memory\") 1 2)", 4, 2), "the module's own smaller maximum stands");
    assertEquals(1, grow("(memory (export \"memory\") 1 2)", 4, 1));
  }

  @Test
  void aModuleThatNeedsMoreThanTheLimitAtStartIsRefused() {
    assertEquals("the module needs 10 pages of memory at start, the limit is 4 (256 KiB)",
        assertThrows(WasmCallException.class,
            () -> MemoryLimit.apply(Wat2Wasm.parse(growing("(memory 10)")), 4)).getMessage());
  }

  /** An exception tag's import (attribute, type) before a memory's: the memory after it is still found. */
  @Test
  void aMemoryImportedAfterATagIsCapped() {
    byte[] module = bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, // type section: (func (param i32))
        0x02, 0x11, 0x02, // import section, two imports:
        0x01, 'm', 0x01, 't', 0x04, 0x00, 0x00, // m.t, a tag of type 0
        0x01, 'm', 0x03, 'm', 'e', 'm', 0x02, 0x00, 0x01); // m.mem, a memory of 1 page and no maximum
    byte[] capped = MemoryLimit.apply(module, 4);
    assertArrayEquals(bytes(0x02, 0x12), Arrays.copyOfRange(capped, 15, 17), "the section grew by a byte");
    assertArrayEquals(bytes(0x02, 0x01, 0x01, 0x04), Arrays.copyOfRange(capped, capped.length - 4,
        capped.length), "the memory now has a maximum of 4 pages");
  }

  @Test
  void aSectionRunningPastTheEndIsRefusedAsMalformed() {
    byte[] truncated = bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60);
    assertEquals("malformed WebAssembly module: a section of 5 bytes runs past the end at byte 10",
        assertThrows(WasmCallException.class, () -> MemoryLimit.apply(truncated, 4)).getMessage());
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void bytesThatAreNoModuleAreRefusedAndOtherSectionsAreUntouched() {
    assertEquals("not a WebAssembly module (no \\0asm header)", assertThrows(WasmCallException.class,
        () -> MemoryLimit.apply("hello".getBytes(StandardCharsets.UTF_8), 4)).getMessage());
    byte[] noMemory = Wat2Wasm.parse("(module (func (export \"f\")))");
    assertArrayEquals(noMemory, MemoryLimit.apply(noMemory, 4));
  }
}
