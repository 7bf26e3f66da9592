package io.astrid.capsule.engine.wasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signatures of the functions a WebAssembly module imports and exports, read from its type,
 * import, function and export sections: so that a plugin declaring a host or kernel function with
 * another signature than the host's is refused at load with both named, where GraalWasm's linker
 * says only "incompatible import type" and a Java host function fails each call with an arity
 * error that names no function.
 */
final class FunctionSignatures {
  private static final int SECTION_TYPE = 1;
  private static final int SECTION_IMPORT = 2;
  private static final int SECTION_FUNCTION = 3;
  private static final int SECTION_EXPORT = 7;
  private static final int FUNCTION_TYPE = 0x60;
  static final byte I64 = 0x7e;

  /** A function's parameter and result types. */
  record Signature(byte[] params, byte[] results) {
    /** {@code arity} i64 parameters; the results are left to the guest (ignored, or converted). */
    static Signature handles(int arity) {
      byte[] params = new byte[arity];
      Arrays.fill(params, I64);
      return new Signature(params, null);
    }

    /** Whether a guest's import declared as {@code declared} links to this function. */
    boolean accepts(Signature declared) {
      return Arrays.equals(params, declared.params) && (results == null || Arrays.equals(results, declared.results));
    }

    /** As WebAssembly text writes it, {@code (i64, i32) -> (i64)}; the parameters alone when results are open. */
    String text() {
      return types(params) + (results == null ? "" : " -> " + types(results));
    }

    private static String types(byte[] types) {
      List<String> names = new ArrayList<>();
      for (byte type : types) {
        names.add(valueType(type & 0xff));
      }
      return "(" + String.join(", ", names) + ")";
    }
  }

  /** A function the module imports. */
  record Import(String module, String name, Signature signature) {}

  private final List<Import> imports = new ArrayList<>();
  private final Map<String, Signature> exports = new HashMap<>();

  private FunctionSignatures() {}

  /** The module's function imports, in order, and its function exports by name. */
  static FunctionSignatures of(byte[] module) {
    FunctionSignatures signatures = new FunctionSignatures();
    List<Signature> types = new ArrayList<>();
    List<Signature> functions = new ArrayList<>(); // the function index space: imported, then defined
    WasmReader in = new WasmReader(module, 8);
    while (in.position < module.length) {
      int id = in.u8();
      int end = in.sectionEnd();
      switch (id) {
        case SECTION_TYPE -> readTypes(in, types);
        case SECTION_IMPORT -> signatures.readImports(in, types, functions);
        case SECTION_FUNCTION -> {
          long count = in.u32();
          for (long i = 0; i < count; i++) {
            functions.add(type(in, types));
          }
        }
        case SECTION_EXPORT -> signatures.readExports(in, functions);
        default -> { }
      }
      in.position = end;
    }
    return signatures;
  }

  List<Import> imports() {
    return imports;
  }

  Map<String, Signature> exports() {
    return exports;
  }

  private static void readTypes(WasmReader in, List<Signature> types) {
    long count = in.u32();
    for (long i = 0; i < count; i++) {
      if (in.u8() != FUNCTION_TYPE) {
        throw in.malformed("a type that is not a function type");
      }
      types.add(new Signature(valueTypes(in), valueTypes(in)));
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

  private static Signature type(WasmReader in, List<Signature> types) {
    long index = in.u32();
    if (index >= types.size()) {
      throw in.malformed("type " + index + " of " + types.size());
    }
    return types.get((int) index);
  }

  private void readImports(WasmReader in, List<Signature> types, List<Signature> functions) {
    long count = in.u32();
    for (long i = 0; i < count; i++) {
      String module = in.name();
      String name = in.name();
      int kind = in.u8();
      if (kind == WasmReader.KIND_FUNCTION) {
        Signature signature = type(in, types);
        imports.add(new Import(module, name, signature));
        functions.add(signature);
      } else {
        in.skipImportDescriptor(kind);
      }
    }
  }

  private void readExports(WasmReader in, List<Signature> functions) {
    long count = in.u32();
    for (long i = 0; i < count; i++) {
      String name = in.name();
      int kind = in.u8();
      long index = in.u32();
      if (kind == WasmReader.KIND_FUNCTION && index < functions.size()) {
        exports.put(name, functions.get((int) index));
      }
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
