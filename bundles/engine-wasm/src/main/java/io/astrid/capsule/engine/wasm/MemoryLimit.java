package io.astrid.capsule.engine.wasm;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Enforces a maximum on a module's linear memory the one way GraalVM WebAssembly honours: the
 * module's own declared maximum. Every memory the module defines (memory section) or imports
 * (import section) gets a maximum of at most {@code maxPages}; a larger or missing maximum is
 * rewritten, a smaller one kept. Nothing else of the module changes.
 */
final class MemoryLimit {
  static final int PAGE_BYTES = 64 * 1024;
  private static final int SECTION_IMPORT = 2;
  private static final int SECTION_MEMORY = 5;

  private MemoryLimit() {}

  /**
   * The module with every memory's maximum at most {@code maxPages}.
   *
   * @throws WasmCallException when the bytes are no WebAssembly module or a memory's minimum is
   *     already above the limit
   */
  static byte[] apply(byte[] module, long maxPages) {
    if (module.length < 8 || module[0] != 0 || module[1] != 'a' || module[2] != 's' || module[3] != 'm') {
      throw new WasmCallException("not a WebAssembly module (no \\0asm header)");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(module.length + 16);
    out.write(module, 0, 8);
    WasmReader in = new WasmReader(module, 8);
    while (in.position < module.length) {
      int id = in.u8();
      int end = in.sectionEnd();
      byte[] body = Arrays.copyOfRange(module, in.position, end);
      in.position = end;
      byte[] rewritten = switch (id) {
        case SECTION_MEMORY -> memories(body, maxPages);
        case SECTION_IMPORT -> imports(body, maxPages);
        default -> body;
      };
      out.write(id);
      writeU32(out, rewritten.length);
      out.write(rewritten, 0, rewritten.length);
    }
    return out.toByteArray();
  }

  private static byte[] memories(byte[] body, long maxPages) {
    WasmReader in = new WasmReader(body, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long count = in.u32();
    writeU32(out, count);
    for (long i = 0; i < count; i++) {
      limits(in, out, maxPages);
    }
    return out.toByteArray();
  }

  /** The import section with each memory's limits rewritten, every other byte of it copied as it is. */
  private static byte[] imports(byte[] body, long maxPages) {
    WasmReader in = new WasmReader(body, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long count = in.u32();
    writeU32(out, count);
    for (long i = 0; i < count; i++) {
      int start = in.position;
      in.name(); // module
      in.name(); // field
      int kind = in.u8();
      if (kind == WasmReader.KIND_MEMORY) {
        out.write(body, start, in.position - start);
        limits(in, out, maxPages);
      } else {
        in.skipImportDescriptor(kind);
        out.write(body, start, in.position - start);
      }
    }
    return out.toByteArray();
  }

  private static void limits(WasmReader in, ByteArrayOutputStream out, long maxPages) {
    int flags = in.u8();
    long min = in.u32();
    long max = (flags & 1) != 0 ? in.u32() : -1;
    if (min > maxPages) {
      throw new WasmCallException("the module needs " + min + " pages of memory at start, the limit is " + maxPages
          + " (" + maxPages * (PAGE_BYTES / 1024) + " KiB)");
    }
    long capped = max < 0 || max > maxPages ? maxPages : max;
    out.write(flags | 1);
    writeU32(out, min);
    writeU32(out, capped);
  }

  private static void writeU32(ByteArrayOutputStream out, long value) {
    long rest = value;
    do {
      int b = (int) (rest & 0x7f);
      rest >>>= 7;
      out.write(rest != 0 ? b | 0x80 : b);
    } while (rest != 0);
  }
}
