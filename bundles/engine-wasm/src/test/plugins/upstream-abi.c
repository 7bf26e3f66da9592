/*
 * A guest written against the upstream runtime's C-level ABI (unicity-astrid/astrid at e4e34713:
 * the astrid-sys declarations, every function (i64 block...) -> i64 block or nothing, in
 * extism:host/user), checking each host function's answer as that runtime gives it. It declares
 * no ASTRID_OBJECT_ARGUMENTS, so its tool calls get upstream's arguments (an array of bytes).
 *
 * Export "upstream_abi" runs every check on the workspace and env the test prepares and outputs one
 * line per check: "ok NAME" when the answer is upstream's, else "differs NAME: ANSWER". The test
 * holds the list, so a difference stands only where it is one by design. The other exports each
 * make one call upstream answers with an error (or, where ours differs, without one).
 */
#include "astrid.h"

#define REPORT_BYTES 8192
#define SCRATCH_BYTES 4096

static char report[REPORT_BYTES];
static astrid_size reported;
static unsigned char scratch[SCRATCH_BYTES];

static void append(const char *text, astrid_size length) {
  for (astrid_size i = 0; i < length && reported < REPORT_BYTES; i++) {
    report[reported++] = text[i];
  }
}

static void append_text(const char *text) {
  append(text, astrid_strlen(text));
}

/* The block's bytes, in scratch (cut at its size), and their count. */
static astrid_size bytes_of(astrid_block block) {
  astrid_size length = astrid_read_block(block, scratch, SCRATCH_BYTES);
  return length < SCRATCH_BYTES ? length : SCRATCH_BYTES;
}

static int equals(astrid_block block, const char *expected) {
  astrid_size length = bytes_of(block);
  astrid_size n = astrid_strlen(expected);
  if (length != n) {
    return 0;
  }
  for (astrid_size i = 0; i < n; i++) {
    if (scratch[i] != (unsigned char)expected[i]) {
      return 0;
    }
  }
  return 1;
}

/* Whether the block holds every one of the NULL-ended needles (JSON fields, whatever their order). */
static int holds(astrid_block block, const char *const *needles) {
  astrid_size length = bytes_of(block);
  for (; *needles; needles++) {
    astrid_size n = astrid_strlen(*needles);
    int found = 0;
    for (astrid_size i = 0; !found && i + n <= length; i++) {
      astrid_size j = 0;
      while (j < n && scratch[i + j] == (unsigned char)(*needles)[j]) {
        j++;
      }
      found = j == n;
    }
    if (!found) {
      return 0;
    }
  }
  return 1;
}

static void check(const char *name, int passed, astrid_block answer) {
  append_text(passed ? "ok " : "differs ");
  append_text(name);
  if (!passed) {
    append_text(": ");
    append((const char *)scratch, bytes_of(answer));
  }
  append_text("\n");
}

/* Upstream's astrid_fs_exists: non-empty and first byte non-zero is true. */
static int exists(const char *path) {
  astrid_block answer = astrid_fs_exists(astrid_text(path));
  return answer && extism_length(answer) > 0 && extism_load_u8(answer) != 0;
}

static void files(void) {
  append_text(exists("data/hello.txt") ? "ok fs_exists\n" : "differs fs_exists: a file is absent\n");
  append_text(exists("data/missing.txt") ? "differs fs_exists: a missing file is present\n" : "ok fs_exists missing\n");
  astrid_fs_mkdir(astrid_text("data/sub"));
  append_text(exists("data/sub") ? "ok fs_mkdir\n" : "differs fs_mkdir: no directory\n");
  astrid_write_file(astrid_text("data/sub/x.txt"), astrid_text("abc"));
  astrid_block read = astrid_read_file(astrid_text("data/sub/x.txt"));
  check("write_file read_file", equals(read, "abc"), read);
  astrid_block listing = astrid_fs_readdir(astrid_text("data/sub"));
  check("fs_readdir", equals(listing, "[\"x.txt\"]"), listing);
  static const char *const stat_fields[] = {"\"size\":3", "\"isDir\":false", "\"mtime\":", 0};
  astrid_block stat = astrid_fs_stat(astrid_text("data/sub/x.txt"));
  check("fs_stat", holds(stat, stat_fields), stat);
  astrid_fs_unlink(astrid_text("data/sub/x.txt"));
  append_text(exists("data/sub/x.txt") ? "differs fs_unlink: still there\n" : "ok fs_unlink\n");
}

static void storage_and_config(void) {
  astrid_kv_set(astrid_text("colour"), astrid_text("teal"));
  astrid_block value = astrid_kv_get(astrid_text("colour"));
  /* Upstream's host serialises the value's byte vector: "teal" comes back as [116,101,97,108]. */
  check("kv_get", equals(value, "[116,101,97,108]"), value);
  astrid_block none = astrid_kv_get(astrid_text("never-set"));
  check("kv_get unset", equals(none, ""), none);
  astrid_block greeting = astrid_get_config(astrid_text("greeting"));
  check("get_config string", equals(greeting, "\"hello\""), greeting);
  astrid_block retries = astrid_get_config(astrid_text("retries"));
  check("get_config number", equals(retries, "3"), retries);
  astrid_block undeclared = astrid_get_config(astrid_text("undeclared"));
  check("get_config undeclared", equals(undeclared, ""), undeclared);
  astrid_log(astrid_text("info"), astrid_text("upstream-abi: a log line"));
  append_text("ok log\n");
}

static void http(void) {
  /* The kernel's config_get gives the plain text, the URL of the test's loopback server. */
  astrid_block base = extism_config_get(astrid_text("base_url"));
  astrid_size length = bytes_of(base);
  static const char head[] = "{\"url\":\"";
  static const char tail[] = "/ping\",\"method\":\"POST\",\"headers\":{},\"body\":\"ping\"}";
  char request[SCRATCH_BYTES];
  astrid_size at = 0;
  memcpy(request, head, sizeof head - 1);
  at += sizeof head - 1;
  memcpy(request + at, scratch, length);
  at += length;
  memcpy(request + at, tail, sizeof tail - 1);
  at += sizeof tail - 1;
  static const char *const response_fields[] = {"\"status\":200", "\"body\":\"pong ping\"", "\"headers\":{", 0};
  astrid_block response = astrid_http_request(astrid_block_of(request, at));
  check("http_request", holds(response, response_fields), response);
}

static void ipc(void) {
  /* Upstream prefixes the pattern with the capsule's name: "events.*" takes "probe.events.*". */
  astrid_block subscription = astrid_ipc_subscribe(astrid_text("events.*"));
  append_text(bytes_of(subscription) > 0 ? "ok ipc_subscribe\n" : "differs ipc_subscribe: no id\n");
  astrid_ipc_publish(astrid_text("events.created"), astrid_text("{\"id\":7}"));
  static const char *const poll_fields[] = {"\"messages\":[{", "\"topic\":\"probe.events.created\"",
      "\"payload\":{\"type\":\"custom\",\"data\":{\"id\":7}}", "\"signature\":null", "\"source_id\":\"",
      "\"timestamp\":\"", "\"dropped\":0", 0};
  astrid_block poll = astrid_ipc_poll(subscription);
  check("ipc_publish ipc_poll", holds(poll, poll_fields), poll);
  astrid_block again = astrid_ipc_poll(subscription);
  check("ipc_poll empty", equals(again, "{\"messages\":[],\"dropped\":0}"), again);
  astrid_ipc_unsubscribe(subscription);
  append_text("ok ipc_unsubscribe\n");
}

static void uplinks_and_cron(void) {
  astrid_block id = astrid_uplink_register(astrid_text("chat"), astrid_text("cli"), astrid_text("chat"));
  astrid_size length = bytes_of(id);
  /* A UUID: 36 characters, dashes at 8, 13, 18 and 23. */
  int uuid = length == 36 && scratch[8] == '-' && scratch[13] == '-' && scratch[18] == '-' && scratch[23] == '-';
  check("uplink_register", uuid, id);
  astrid_block sent = astrid_uplink_send(id, astrid_text("user-1"), astrid_text("hello"));
  check("uplink_send", equals(sent, "{\"ok\":true}"), sent);
  astrid_cron_schedule(astrid_text("digest"), astrid_text("@daily"), astrid_text("{}"));
  astrid_cron_cancel(astrid_text("digest"));
  append_text("ok cron_schedule cron_cancel\n");
}

ASTRID_EXPORT("upstream_abi") int upstream_abi(void) {
  reported = 0;
  files();
  storage_and_config();
  http();
  ipc();
  uplinks_and_cron();
  astrid_output(report, reported);
  return 0;
}

/* Upstream's SDK reads {"name", "arguments": [bytes]}: this answers the arguments' bytes as text. */
ASTRID_EXPORT("astrid_tool_call") int tool_call(void) {
  static unsigned char input[SCRATCH_BYTES];
  astrid_size length = astrid_input(input, SCRATCH_BYTES);
  static const char key[] = "\"arguments\":[";
  astrid_size n = sizeof key - 1;
  astrid_size at = 0;
  while (at + n <= length) {
    astrid_size j = 0;
    while (j < n && input[at + j] == (unsigned char)key[j]) {
      j++;
    }
    if (j == n) {
      break;
    }
    at++;
  }
  if (at + n > length) {
    return astrid_fail("astrid_tool_call: no \"arguments\" array");
  }
  reported = 0;
  unsigned int byte = 0;
  int digits = 0;
  for (at += n; at < length && input[at] != ']'; at++) {
    if (input[at] >= '0' && input[at] <= '9') {
      byte = byte * 10 + (input[at] - '0');
      digits = 1;
    } else if (input[at] == ',' && digits) {
      char c = (char)byte;
      append(&c, 1);
      byte = 0;
      digits = 0;
    }
  }
  if (digits) {
    char c = (char)byte;
    append(&c, 1);
  }
  astrid_output(report, reported);
  return 0;
}

/* Each of these makes one call that upstream answers with an error, or where noted accepts. */
ASTRID_EXPORT("read_missing") int read_missing(void) {
  astrid_read_file(astrid_text("data/missing.txt"));
  return 0;
}

/* Upstream logs an unknown or "warning" level as its nearest; ours refuses it. */
ASTRID_EXPORT("log_warning") int log_warning(void) {
  astrid_log(astrid_text("warning"), astrid_text("upstream-abi: warned"));
  return 0;
}

ASTRID_EXPORT("uplink_bad_profile") int uplink_bad_profile(void) {
  astrid_uplink_register(astrid_text("chat"), astrid_text("cli"), astrid_text("robot"));
  return 0;
}

ASTRID_EXPORT("uplink_bad_id") int uplink_bad_id(void) {
  astrid_uplink_send(astrid_text("not-a-uuid"), astrid_text("user-1"), astrid_text("hello"));
  return 0;
}

ASTRID_EXPORT("uplink_unknown_id") int uplink_unknown_id(void) {
  astrid_uplink_send(astrid_text("00000000-0000-0000-0000-000000000000"), astrid_text("user-1"), astrid_text("x"));
  return 0;
}

ASTRID_EXPORT("ipc_bad_payload") int ipc_bad_payload(void) {
  astrid_ipc_publish(astrid_text("events.bad"), astrid_text("not json"));
  return 0;
}
