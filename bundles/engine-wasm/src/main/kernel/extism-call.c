/*
 * One call into a plugin's export in one host call: the kernel's begin (reset, input) before it and
 * the kernel's finish (return code, output) after it, all wasm-to-wasm. The runtime instantiates
 * this module once per export it calls, with that export as the import astrid:call/export, because
 * each call from the host into WebAssembly costs as much as a small guest's whole work.
 * Built by scripts/build-wasm-plugins into src/main/resources.
 */
typedef unsigned long long u64;
typedef unsigned int u32;

#define IMPORT(name) __attribute__((import_module("astrid:call"), import_name(name)))

IMPORT("export") extern u32 plugin_export(void);
IMPORT("begin") extern void begin(u64 input_length);
IMPORT("finish") extern u64 finish(u32 code);

__attribute__((export_name("call"))) u64 call(u64 input_length) {
  begin(input_length);
  return finish(plugin_export());
}
