package io.astrid.capsule.engine.wasm;

import java.nio.charset.StandardCharsets;

/** Reads a WebAssembly module's binary encoding (LEB128 numbers, names) from a byte array, remembering where it is. */
final class WasmReader {
  /** The kinds of import (and export) descriptor. */
  static final int KIND_FUNCTION = 0x00;
  static final int KIND_TABLE = 0x01;
  static final int KIND_MEMORY = 0x02;
  static final int KIND_GLOBAL = 0x03;

  final byte[] bytes;
  int position;

  WasmReader(byte[] bytes, int position) {
    this.bytes = bytes;
    this.position = position;
  }

  long u32() {
    long result = 0;
    int shift = 0;
    while (true) {
      int b = u8();
      if (shift > 35) {
        throw malformed("bad LEB128 number");
      }
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
      shift += 7;
    }
  }

  int u8() {
    if (position >= bytes.length) {
      throw malformed("it ends early");
    }
    return bytes[position++] & 0xff;
  }

  String name() {
    int length = (int) u32();
    if (length < 0 || length > bytes.length - position) {
      throw malformed("a name runs past the end");
    }
    String name = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return name;
  }

  /** Reads a section's size: where the section ends, refused when that is past the module's end. */
  int sectionEnd() {
    long size = u32();
    if (size > bytes.length - position) {
      throw malformed("a section of " + size + " bytes runs past the end");
    }
    return position + (int) size;
  }

  /** Skips an import's descriptor of {@code kind}: a function's type, a table, a memory's limits, a global, a tag. */
  void skipImportDescriptor(int kind) {
    switch (kind) {
      case KIND_FUNCTION -> u32(); // type index
      case KIND_TABLE -> { // reference type, limits
        u8();
        skipLimits();
      }
      case KIND_MEMORY -> skipLimits();
      case KIND_GLOBAL -> { // value type, mutability
        u8();
        u8();
      }
      default -> { // tag: attribute, type index
        u8();
        u32();
      }
    }
  }

  private void skipLimits() {
    int flags = u8();
    u32();
    if ((flags & 1) != 0) {
      u32();
    }
  }

  WasmCallException malformed(String what) {
    return new WasmCallException("malformed WebAssembly module: " + what + " at byte " + position);
  }
}
