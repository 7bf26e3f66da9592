/*
 * Exercises every Astrid host function, one export each, driven by its input: the parts of a
 * multi-argument call are separated by newlines ("path\ncontent"), and the output is what the
 * host function returned. Also the four Astrid entry points, and WASI preview 1.
 */
#include "astrid.h"

/* Reads a tool call's arguments as the object itself, not as upstream's array of bytes. */
ASTRID_OBJECT_ARGUMENTS

#define MAX_INPUT (1024 * 1024)
#define MAX_PARTS 3

static unsigned char input[MAX_INPUT];
static astrid_block parts[MAX_PARTS];

/* Reads the input and splits it into `count` blocks at newlines (the last part keeps the rest). */
static void split_in(int count) {
  astrid_size length = astrid_input(input, MAX_INPUT);
  if (length > MAX_INPUT) {
    length = MAX_INPUT;
  }
  astrid_size start = 0;
  int part = 0;
  for (astrid_size i = 0; i < length && part < count - 1; i++) {
    if (input[i] == '\n') {
      parts[part++] = astrid_block_of(input + start, i - start);
      start = i + 1;
    }
  }
  parts[part++] = astrid_block_of(input + start, length - start);
  while (part < MAX_PARTS) {
    parts[part++] = 0;
  }
}

static void split(void) {
  split_in(MAX_PARTS);
}

#define ONE_TO_BLOCK(export, function) \
  ASTRID_EXPORT(#export) int export##_entry(void) { \
    split(); \
    astrid_output_block(function(parts[0])); \
    return 0; \
  }

ONE_TO_BLOCK(fs_exists, astrid_fs_exists)
ONE_TO_BLOCK(fs_readdir, astrid_fs_readdir)
ONE_TO_BLOCK(fs_stat, astrid_fs_stat)
ONE_TO_BLOCK(read_file, astrid_read_file)
ONE_TO_BLOCK(kv_get, astrid_kv_get)
ONE_TO_BLOCK(get_config, astrid_get_config)
ONE_TO_BLOCK(http, astrid_http_request)
ONE_TO_BLOCK(ipc_subscribe, astrid_ipc_subscribe)
ONE_TO_BLOCK(ipc_poll, astrid_ipc_poll)

ASTRID_EXPORT("fs_mkdir") int fs_mkdir(void) {
  split();
  astrid_fs_mkdir(parts[0]);
  return 0;
}

ASTRID_EXPORT("fs_unlink") int fs_unlink(void) {
  split();
  astrid_fs_unlink(parts[0]);
  return 0;
}

ASTRID_EXPORT("write_file") int write_file(void) {
  split_in(2);
  astrid_write_file(parts[0], parts[1]);
  return 0;
}

ASTRID_EXPORT("kv_set") int kv_set(void) {
  split_in(2);
  astrid_kv_set(parts[0], parts[1]);
  return 0;
}

ASTRID_EXPORT("log") int log_entry(void) {
  split_in(2);
  astrid_log(parts[0], parts[1]);
  return 0;
}

ASTRID_EXPORT("ipc_publish") int ipc_publish(void) {
  split_in(2);
  astrid_ipc_publish(parts[0], parts[1]);
  return 0;
}

ASTRID_EXPORT("ipc_unsubscribe") int ipc_unsubscribe(void) {
  split();
  astrid_ipc_unsubscribe(parts[0]);
  return 0;
}

ASTRID_EXPORT("uplink_register") int uplink_register(void) {
  split();
  astrid_output_block(astrid_uplink_register(parts[0], parts[1], parts[2]));
  return 0;
}

ASTRID_EXPORT("uplink_send") int uplink_send(void) {
  split();
  astrid_output_block(astrid_uplink_send(parts[0], parts[1], parts[2]));
  return 0;
}

ASTRID_EXPORT("cron_schedule") int cron_schedule(void) {
  split();
  astrid_cron_schedule(parts[0], parts[1], parts[2]);
  return 0;
}

ASTRID_EXPORT("cron_cancel") int cron_cancel(void) {
  split();
  astrid_cron_cancel(parts[0]);
  return 0;
}

/* Entry points. A tool call answers with its request; a command with "ran: " and its request. */
ASTRID_EXPORT("astrid_tool_call") int tool_call(void) {
  astrid_size length = astrid_input(input, MAX_INPUT);
  astrid_output(input, length);
  return 0;
}

ASTRID_EXPORT("astrid_command_run") int command_run(void) {
  static const char prefix[] = "ran: ";
  astrid_size length = astrid_input(input + 5, MAX_INPUT - 5);
  memcpy(input, prefix, 5);
  astrid_output(input, length + 5);
  return 0;
}

static int contains(const unsigned char *text, astrid_size length, const char *needle) {
  astrid_size n = astrid_strlen(needle);
  for (astrid_size i = 0; i + n <= length; i++) {
    astrid_size j = 0;
    while (j < n && text[i + j] == (unsigned char)needle[j]) {
      j++;
    }
    if (j == n) {
      return 1;
    }
  }
  return 0;
}

/* Denies a tool call whose request mentions "forbidden"; rewrites one that mentions "rewrite-me". */
ASTRID_EXPORT("astrid_hook_trigger") int hook_trigger(void) {
  astrid_size length = astrid_input(input, MAX_INPUT);
  if (contains(input, length, "\"AfterToolCall\"")) {
    if (contains(input, length, "rewrite-me")) {
      static const char result[] = "{\"content\":[{\"type\":\"text\",\"text\":\"rewritten by the hook\"}]}";
      astrid_output(result, sizeof result - 1);
    }
    return 0;
  }
  if (contains(input, length, "forbidden")) {
    static const char deny[] = "{\"deny\":\"forbidden words\"}";
    astrid_output(deny, sizeof deny - 1);
  } else if (contains(input, length, "rewrite-me")) {
    static const char rewrite[] = "{\"arguments\":{\"q\":\"rewritten\"}}";
    astrid_output(rewrite, sizeof rewrite - 1);
  }
  return 0;
}

/* Keeps its input under "last-cron" in the key-value store, where a test can see it. */
ASTRID_EXPORT("astrid_cron_trigger") int cron_trigger(void) {
  astrid_size length = astrid_input(input, MAX_INPUT);
  astrid_kv_set(astrid_text("last-cron"), astrid_block_of(input, length));
  return 0;
}

/* WASI preview 1, as the host provides it: a clock, randomness, standard output, an empty standard
 * input, and no directory. */
typedef struct {
  const void *buffer;
  astrid_size length;
} wasi_ciovec;

__attribute__((import_module("wasi_snapshot_preview1"), import_name("clock_time_get")))
int wasi_clock_time_get(int clock, astrid_u64 precision, astrid_u64 *time);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("random_get")))
int wasi_random_get(unsigned char *buffer, astrid_size length);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write")))
int wasi_fd_write(int fd, const wasi_ciovec *iovs, astrid_size count, astrid_size *written);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_read")))
int wasi_fd_read(int fd, const wasi_ciovec *iovs, astrid_size count, astrid_size *read);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_prestat_get")))
int wasi_fd_prestat_get(int fd, void *prestat);

/* Outputs "clock=E random=E print=E preopen=E stdin=N": each call's WASI error number (0 is success),
 * and how many bytes standard input held, whatever the call's input. */
ASTRID_EXPORT("wasi") int wasi(void) {
  astrid_u64 now = 0;
  unsigned char random[16];
  static const char line[] = "hello from WASI\n";
  wasi_ciovec iov = {line, sizeof line - 1};
  astrid_size written = 0;
  unsigned char prestat[8];
  unsigned char in[16];
  wasi_ciovec in_iov = {in, sizeof in};
  astrid_size got = 0;
  int results[5] = {
      wasi_clock_time_get(0, 1, &now) != 0 || now == 0,
      wasi_random_get(random, sizeof random),
      wasi_fd_write(1, &iov, 1, &written),
      wasi_fd_prestat_get(3, prestat),
      wasi_fd_read(0, &in_iov, 1, &got) != 0 ? 99 : (int)got,
  };
  static const char *names[5] = {"clock=", "random=", "print=", "preopen=", "stdin="};
  char out[64];
  astrid_size n = 0;
  for (int i = 0; i < 5; i++) {
    if (i > 0) {
      out[n++] = ' ';
    }
    for (const char *c = names[i]; *c; c++) {
      out[n++] = *c;
    }
    if (results[i] >= 10) {
      out[n++] = (char)('0' + results[i] / 10);
    }
    out[n++] = (char)('0' + results[i] % 10);
  }
  astrid_output(out, n);
  return 0;
}
