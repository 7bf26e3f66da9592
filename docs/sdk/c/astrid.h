/*
 * astrid.h: the Astrid capsule ABI for C plugins, freestanding (no libc needed).
 *
 * One header: the Extism kernel imports (extism:host/env), the Astrid host functions
 * (extism:host/user), and a few helpers to move bytes between the guest's linear memory and
 * kernel blocks. docs/wasm-abi.md describes every function, its JSON shapes and its limits.
 *
 * Build a plugin with Debian's clang:
 *   clang --target=wasm32-unknown-unknown -O2 -nostdlib -Wl,--no-entry -I docs/sdk/c \
 *     -o plugin.wasm plugin.c
 * and mark each entry point ASTRID_EXPORT("name"); it returns 0 for success.
 *
 * Include it in exactly one translation unit: it defines memcpy and memset, which clang may call
 * for struct copies and loops even without a libc.
 */
#ifndef ASTRID_H
#define ASTRID_H

typedef unsigned long long astrid_u64;
typedef unsigned long astrid_size;
/* A kernel block: an offset into kernel memory, not a guest pointer. 0 is no block. */
typedef astrid_u64 astrid_block;

#define ASTRID_EXPORT(name) __attribute__((export_name(name)))
#define ASTRID_KERNEL(name) __attribute__((import_module("extism:host/env"), import_name(name)))
#define ASTRID_HOST(name) __attribute__((import_module("extism:host/user"), import_name(name)))

/* astrid_tool_call gets {"name", "arguments"} with the arguments as upstream passes them: their JSON
 * text's bytes as an array of numbers ({"q":"x"} as [123,34,113,...]). A plugin that writes
 * ASTRID_OBJECT_ARGUMENTS once, at file scope, gets the arguments object itself instead
 * ({"name": "lookup", "arguments": {"q": "x"}}): the export it defines tells the host so. */
#define ASTRID_OBJECT_ARGUMENTS \
  ASTRID_EXPORT("astrid_abi_object_arguments") int astrid_abi_object_arguments(void) { return 0; }

/* The Extism kernel. */
ASTRID_KERNEL("alloc") astrid_block extism_alloc(astrid_u64 length);
ASTRID_KERNEL("free") void extism_free(astrid_block block);
ASTRID_KERNEL("length") astrid_u64 extism_length(astrid_block block);
ASTRID_KERNEL("load_u8") unsigned char extism_load_u8(astrid_u64 offset);
ASTRID_KERNEL("load_u64") astrid_u64 extism_load_u64(astrid_u64 offset);
ASTRID_KERNEL("store_u8") void extism_store_u8(astrid_u64 offset, unsigned char value);
ASTRID_KERNEL("store_u64") void extism_store_u64(astrid_u64 offset, astrid_u64 value);
ASTRID_KERNEL("input_length") astrid_u64 extism_input_length(void);
ASTRID_KERNEL("input_load_u8") unsigned char extism_input_load_u8(astrid_u64 offset);
ASTRID_KERNEL("input_load_u64") astrid_u64 extism_input_load_u64(astrid_u64 offset);
ASTRID_KERNEL("output_set") void extism_output_set(astrid_block block, astrid_u64 length);
ASTRID_KERNEL("error_set") void extism_error_set(astrid_block block);
ASTRID_KERNEL("config_get") astrid_block extism_config_get(astrid_block key);
ASTRID_KERNEL("var_get") astrid_block extism_var_get(astrid_block key);
ASTRID_KERNEL("var_set") void extism_var_set(astrid_block key, astrid_block value);
ASTRID_KERNEL("http_request") astrid_block extism_http_request(astrid_block request, astrid_block body);
ASTRID_KERNEL("http_status_code") int extism_http_status_code(void);
ASTRID_KERNEL("log_info") void extism_log_info(astrid_block message);
ASTRID_KERNEL("log_warn") void extism_log_warn(astrid_block message);
ASTRID_KERNEL("log_error") void extism_log_error(astrid_block message);

/* The Astrid host functions. Every argument and result is a block; see docs/wasm-abi.md, which also
 * compares each with the upstream runtime's. */
/* "true" when the path exists, an empty block when not: test "length > 0 and first byte non-zero". */
ASTRID_HOST("astrid_fs_exists") astrid_block astrid_fs_exists(astrid_block path);
ASTRID_HOST("astrid_fs_mkdir") void astrid_fs_mkdir(astrid_block path);
ASTRID_HOST("astrid_fs_readdir") astrid_block astrid_fs_readdir(astrid_block path);
ASTRID_HOST("astrid_fs_stat") astrid_block astrid_fs_stat(astrid_block path);
ASTRID_HOST("astrid_fs_unlink") void astrid_fs_unlink(astrid_block path);
ASTRID_HOST("astrid_read_file") astrid_block astrid_read_file(astrid_block path);
ASTRID_HOST("astrid_write_file") void astrid_write_file(astrid_block path, astrid_block content);
ASTRID_HOST("astrid_kv_get") astrid_block astrid_kv_get(astrid_block key);
ASTRID_HOST("astrid_kv_set") void astrid_kv_set(astrid_block key, astrid_block value);
/* The [env] value as JSON, as upstream: "hello" with its quotes, 3, true; empty when undeclared.
 * extism_config_get gives the plain text. */
ASTRID_HOST("astrid_get_config") astrid_block astrid_get_config(astrid_block key);
ASTRID_HOST("astrid_log") void astrid_log(astrid_block level, astrid_block message);
ASTRID_HOST("astrid_http_request") astrid_block astrid_http_request(astrid_block request);
/* The topic lands below the capsule's own name ("t" from "notes" on "notes.t"); the payload is one JSON value. */
ASTRID_HOST("astrid_ipc_publish") void astrid_ipc_publish(astrid_block topic, astrid_block payload);
/* A pattern names a topic as published ("notes.*", "astrid.cron.*") or one below the capsule's own name. */
ASTRID_HOST("astrid_ipc_subscribe") astrid_block astrid_ipc_subscribe(astrid_block topic);
ASTRID_HOST("astrid_ipc_unsubscribe") void astrid_ipc_unsubscribe(astrid_block subscription);
/* {"messages": [{"topic", "payload", "signature", "source_id", "timestamp", "sender"}...], "dropped": N} */
ASTRID_HOST("astrid_ipc_poll") astrid_block astrid_ipc_poll(astrid_block subscription);
/* profile: chat, interactive, notify, bridge or human; answers the uplink's UUID. */
ASTRID_HOST("astrid_uplink_register")
astrid_block astrid_uplink_register(astrid_block name, astrid_block platform, astrid_block profile);
/* {"ok":true}, or {"dropped":true,"ok":false} when no listener of the host took the message. */
ASTRID_HOST("astrid_uplink_send")
astrid_block astrid_uplink_send(astrid_block uplink, astrid_block platform_user, astrid_block content);
ASTRID_HOST("astrid_cron_schedule")
void astrid_cron_schedule(astrid_block name, astrid_block schedule, astrid_block payload);
ASTRID_HOST("astrid_cron_cancel") void astrid_cron_cancel(astrid_block name);

void *memcpy(void *target, const void *source, astrid_size length) {
  unsigned char *t = target;
  const unsigned char *s = source;
  while (length--) {
    *t++ = *s++;
  }
  return target;
}

void *memset(void *target, int value, astrid_size length) {
  unsigned char *t = target;
  while (length--) {
    *t++ = (unsigned char)value;
  }
  return target;
}

static inline astrid_size astrid_strlen(const char *text) {
  astrid_size length = 0;
  while (text[length]) {
    length++;
  }
  return length;
}

/* Writes `value` in decimal into `out` (at least 20 bytes); returns the number of digits. */
static inline astrid_size astrid_decimal(astrid_u64 value, char *out) {
  char digits[20];
  astrid_size n = 0;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  for (astrid_size i = 0; i < n; i++) {
    out[i] = digits[n - 1 - i];
  }
  return n;
}

/* Reads `length` bytes at `offset` of the input (or of a block, with `block` set) into `target`,
 * eight bytes per kernel call: the kernel calls are what a plugin's speed depends on. */
static inline void astrid_copy_in(astrid_u64 offset, unsigned char *target, astrid_size length, int block) {
  astrid_size i = 0;
  for (; i + 8 <= length; i += 8) {
    astrid_u64 word = block ? extism_load_u64(offset + i) : extism_input_load_u64(offset + i);
    memcpy(target + i, &word, 8);
  }
  for (; i < length; i++) {
    target[i] = block ? extism_load_u8(offset + i) : extism_input_load_u8(offset + i);
  }
}

/* The call's input, at most `capacity` bytes of it, into `target`; returns its whole length. */
static inline astrid_size astrid_input(unsigned char *target, astrid_size capacity) {
  astrid_size length = (astrid_size)extism_input_length();
  astrid_copy_in(0, target, length < capacity ? length : capacity, 0);
  return length;
}

/* A block's contents, at most `capacity` bytes of them, into `target`; returns its whole length. */
static inline astrid_size astrid_read_block(astrid_block block, unsigned char *target, astrid_size capacity) {
  astrid_size length = block ? (astrid_size)extism_length(block) : 0;
  astrid_copy_in(block, target, length < capacity ? length : capacity, 1);
  return length;
}

/* A new block holding `length` bytes of `source`. */
static inline astrid_block astrid_block_of(const void *source, astrid_size length) {
  astrid_block block = extism_alloc(length);
  const unsigned char *s = source;
  astrid_size i = 0;
  for (; i + 8 <= length; i += 8) {
    astrid_u64 word;
    memcpy(&word, s + i, 8);
    extism_store_u64(block + i, word);
  }
  for (; i < length; i++) {
    extism_store_u8(block + i, s[i]);
  }
  return block;
}

/* A new block holding the NUL-terminated `text` (without the NUL). */
static inline astrid_block astrid_text(const char *text) {
  return astrid_block_of(text, astrid_strlen(text));
}

/* Sets the call's output to `length` bytes of `source`. */
static inline void astrid_output(const void *source, astrid_size length) {
  extism_output_set(astrid_block_of(source, length), length);
}

/* Sets the call's output to a block as it is. */
static inline void astrid_output_block(astrid_block block) {
  extism_output_set(block, block ? extism_length(block) : 0);
}

/* Fails the call with `message`; returns 1, the value an entry point returns for failure. */
static inline int astrid_fail(const char *message) {
  extism_error_set(astrid_text(message));
  return 1;
}

#endif
