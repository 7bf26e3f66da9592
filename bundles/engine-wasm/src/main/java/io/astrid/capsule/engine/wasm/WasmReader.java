package io.astrid.capsule.engine.wasm;

import java.nio.charset.StandardCharsets;

/** Reads a WebAssembly module's binary encoding (LEB128 numbers, names) from a byte array, remembering where it is. */
final class WasmReader {
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

  WasmCallException malformed(String what) {
    return new WasmCallException("malformed WebAssembly module: " + what + " at byte " + position);
  }
}
