package io.astrid.capsule.engine.wasm;

import java.io.ByteArrayOutputStream;

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
      int id = module[in.position++] & 0xff;
      int size = (int) in.u32();
      int start = in.position;
      byte[] body = java.util.Arrays.copyOfRange(module, start, start + size);
      in.position = start + size;
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

  private static byte[] imports(byte[] body, long maxPages) {
    WasmReader in = new WasmReader(body, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long count = in.u32();
    writeU32(out, count);
    for (long i = 0; i < count; i++) {
      copyName(in, out); // module
      copyName(in, out); // field
      int kind = body[in.position++] & 0xff;
      out.write(kind);
      switch (kind) {
        case 0x00 -> writeU32(out, in.u32()); // function: type index
        case 0x01 -> { // table: reftype, limits (kept as written)
          out.write(body[in.position++]);
          copyLimits(in, out);
        }
        case 0x02 -> limits(in, out, maxPages); // memory
        case 0x03 -> { // global: valtype, mutability
          out.write(body[in.position++]);
          out.write(body[in.position++]);
        }
        default -> { // tag: attribute, type index
          out.write(body[in.position++]);
          writeU32(out, in.u32());
        }
      }
    }
    return out.toByteArray();
  }

  private static void limits(WasmReader in, ByteArrayOutputStream out, long maxPages) {
    int flags = in.bytes[in.position++] & 0xff;
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

  private static void copyLimits(WasmReader in, ByteArrayOutputStream out) {
    int flags = in.bytes[in.position++] & 0xff;
    out.write(flags);
    writeU32(out, in.u32());
    if ((flags & 1) != 0) {
      writeU32(out, in.u32());
    }
  }

  private static void copyName(WasmReader in, ByteArrayOutputStream out) {
    int length = (int) in.u32();
    writeU32(out, length);
    out.write(in.bytes, in.position, length);
    in.position += length;
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
