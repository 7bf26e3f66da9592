package io.astrid.capsule.engine.wasm;

import java.util.ArrayList;
import java.util.List;

/**
 * The functions a WebAssembly module imports, with their parameter types, read from its type and
 * import sections: so that a host function the guest declares with other parameters than the
 * host's is refused at load with both signatures named, instead of failing each call with an
 * arity error that names neither.
 */
final class FunctionImports {
  private static final int SECTION_TYPE = 1;
  private static final int SECTION_IMPORT = 2;
  private static final int FUNCTION_TYPE = 0x60;
  static final int I64 = 0x7e;

  private FunctionImports() {}

  /** One imported function: where from, and its parameters' value types. */
  record FunctionImport(String module, String name, byte[] params) {
    /** The parameters as WebAssembly text writes them, {@code (i64, i32)}. */
    String paramsText() {
      List<String> types = new ArrayList<>();
      for (byte type : params) {
        types.add(valueType(type & 0xff));
      }
      return "(" + String.join(", ", types) + ")";
    }
  }

  /** The module's function imports, in order; sections after the import section are not read. */
  static List<FunctionImport> of(byte[] module) {
    List<byte[]> types = new ArrayList<>();
    List<FunctionImport> imports = new ArrayList<>();
    WasmReader in = new WasmReader(module, 8);
    while (in.position < module.length) {
      int id = in.u8();
      int size = (int) in.u32();
      int end = in.position + size;
      if (id == SECTION_TYPE) {
        readTypes(in, types);
      } else if (id == SECTION_IMPORT) {
        readImports(in, types, imports);
        return imports;
      }
      in.position = end;
    }
    return imports;
  }

  private static void readTypes(WasmReader in, List<byte[]> types) {
    long count = in.u32();
    for (long i = 0; i < count; i++) {
      if (in.u8() != FUNCTION_TYPE) {
        throw in.malformed("a type that is not a function type");
      }
      types.add(valueTypes(in));
      valueTypes(in); // results
    }
  }

  private static byte[] valueTypes(WasmReader in) {
    int count = (int) in.u32();
    if (count < 0 || count > in.bytes.length - in.position) {
      throw in.malformed("a type list runs past the end");
    }
    byte[] types = new byte[count];
    for (int i = 0; i < count; i++) {
      types[i] = (byte) in.u8();
    }
    return types;
  }

  private static void readImports(WasmReader in, List<byte[]> types, List<FunctionImport> imports) {
    long count = in.u32();
    for (long i = 0; i < count; i++) {
      String module = in.name();
      String name = in.name();
      int kind = in.u8();
      switch (kind) {
        case 0x00 -> { // function: type index
          long type = in.u32();
          if (type >= types.size()) {
            throw in.malformed("import " + module + " " + name + " names type " + type + " of " + types.size());
          }
          imports.add(new FunctionImport(module, name, types.get((int) type)));
        }
        case 0x01 -> { // table: reference type, limits
          in.u8();
          skipLimits(in);
        }
        case 0x02 -> skipLimits(in); // memory
        case 0x03 -> { // global: value type, mutability
          in.u8();
          in.u8();
        }
        default -> { // tag: attribute, type index
          in.u8();
          in.u32();
        }
      }
    }
  }

  private static void skipLimits(WasmReader in) {
    int flags = in.u8();
    in.u32();
    if ((flags & 1) != 0) {
      in.u32();
    }
  }

  private static String valueType(int type) {
    return switch (type) {
      case 0x7f -> "i32";
      case I64 -> "i64";
      case 0x7d -> "f32";
      case 0x7c -> "f64";
      case 0x7b -> "v128";
      case 0x70 -> "funcref";
      case 0x6f -> "externref";
      default -> "0x" + Integer.toHexString(type);
    };
  }
}
