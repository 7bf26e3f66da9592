/*
 * The host functions whose result is a new kernel block, as a plugin imports them. Each export
 * calls its Java half (astrid:host), which hands the result's bytes to the kernel as standard
 * input and returns how many there are, then allocates the block and reads them into it with the
 * kernel's alloc_served. That last step is a call between two modules here; made by the Java half
 * it would be a call from the host into WebAssembly, which costs more than the rest of a host
 * function's round trip together. The runtime instantiates this module once per plugin, links
 * its exports in place of the Java halves, and refuses to load a plugin when a Java half has no
 * export here (ExtismKernel.importObject).
 * Built by scripts/build-wasm-plugins into src/main/resources.
 */
typedef unsigned long long u64;

#define HOST(name) __attribute__((import_module("astrid:host"), import_name(name)))

__attribute__((import_module("astrid:kernel"), import_name("alloc_served"))) extern u64 alloc_served(u64 length);

/* Fails the call: kernel memory cannot hold the result of the function whose bytes are served. */
HOST("memory_full") extern u64 memory_full(u64 length);

/* A block holding the `length` bytes the Java half served, or 0 (no block) when there are none. */
static u64 served(u64 length) {
  if (length == 0) {
    return 0;
  }
  u64 handle = alloc_served(length);
  return handle != 0 ? handle : memory_full(length);
}

#define RESULT0(name)                                                                                  \
  HOST(#name) extern u64 java_##name(void);                                                           \
  __attribute__((export_name(#name))) u64 name(void) { return served(java_##name()); }
#define RESULT1(name)                                                                                  \
  HOST(#name) extern u64 java_##name(u64);                                                            \
  __attribute__((export_name(#name))) u64 name(u64 a) { return served(java_##name(a)); }
#define RESULT2(name)                                                                                  \
  HOST(#name) extern u64 java_##name(u64, u64);                                                       \
  __attribute__((export_name(#name))) u64 name(u64 a, u64 b) { return served(java_##name(a, b)); }
#define RESULT3(name)                                                                                  \
  HOST(#name) extern u64 java_##name(u64, u64, u64);                                                  \
  __attribute__((export_name(#name))) u64 name(u64 a, u64 b, u64 c) { return served(java_##name(a, b, c)); }

/* extism:host/env */
RESULT0(error_get)
RESULT1(config_get)
RESULT1(var_get)
RESULT2(http_request)
RESULT0(http_headers)

/* extism:host/user */
RESULT1(astrid_fs_exists)
RESULT1(astrid_fs_readdir)
RESULT1(astrid_fs_stat)
RESULT1(astrid_read_file)
RESULT1(astrid_kv_get)
RESULT1(astrid_get_config)
RESULT1(astrid_http_request)
RESULT1(astrid_ipc_subscribe)
RESULT1(astrid_ipc_poll)
RESULT3(astrid_uplink_register)
RESULT3(astrid_uplink_send)
