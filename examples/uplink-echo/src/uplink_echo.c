/*
 * uplink-echo: a connector capsule that echoes what the host sends it, to try an uplink round trip
 * (docs/wasm-abi.md, "Uplinks"). Two tools:
 *   uplink_open {}   registers the uplink "chat" and subscribes to its inbound topic,
 *                    astrid.uplink.uplink-echo.chat, where the host's messages arrive;
 *   uplink_relay {}  polls that subscription and sends each message back out through the uplink as
 *                    "echo: TEXT" from the same platform user; the host's UplinkListener services
 *                    (the `run` console, the MCP gateway's clients) receive it.
 * The uplink and the subscription live as long as the capsule stays loaded. Built with
 * scripts/build-wasm-plugins.
 */
#include "astrid.h"

#define MAX_POLL (1024 * 1024)
#define MAX_FIELD (64 * 1024)

static unsigned char request[4096];
static unsigned char polled[MAX_POLL];
static astrid_size polled_length;
static unsigned char uplink[256];
static astrid_size uplink_length;
static unsigned char subscription[256];
static astrid_size subscription_length;
static unsigned char text[MAX_FIELD];
static unsigned char user[MAX_FIELD];
static unsigned char reply[MAX_FIELD + 6];
static char summary[64];

/* Where the string value of the next "key" at or after `from` starts (after its opening quote), or 0.
 * The host writes the JSON without spaces, and a quote inside a string is always escaped, so a quote
 * not preceded by a backslash, the key, a quote and a colon is a key. */
static astrid_size find_string(const char *key, astrid_size from) {
  astrid_size key_length = astrid_strlen(key);
  for (astrid_size i = from; i + key_length + 4 <= polled_length; i++) {
    if (polled[i] != '"' || (i > 0 && polled[i - 1] == '\\')) {
      continue;
    }
    astrid_size j = 0;
    while (j < key_length && polled[i + 1 + j] == (unsigned char)key[j]) {
      j++;
    }
    astrid_size k = i + 1 + key_length;
    if (j == key_length && polled[k] == '"' && polled[k + 1] == ':' && polled[k + 2] == '"') {
      return k + 3;
    }
  }
  return 0;
}

static int hex4(astrid_size at, unsigned long *value) {
  *value = 0;
  for (int i = 0; i < 4; i++) {
    unsigned char c = polled[at + i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) {
      return 0;
    }
    *value = *value * 16 + (unsigned long)digit;
  }
  return 1;
}

/* Decodes the JSON string starting at `at` into `out`; its length, or -1 when malformed or too long.
 * The host escapes only quotes, backslashes and control characters; other text comes as UTF-8. */
static long decode_string(astrid_size at, unsigned char *out, astrid_size capacity) {
  astrid_size n = 0;
  while (at < polled_length && polled[at] != '"') {
    if (n + 1 > capacity) {
      return -1;
    }
    unsigned char c = polled[at++];
    if (c != '\\') {
      out[n++] = c;
      continue;
    }
    unsigned char e = polled[at++];
    unsigned long code;
    switch (e) {
      case 'n': out[n++] = '\n'; break;
      case 't': out[n++] = '\t'; break;
      case 'r': out[n++] = '\r'; break;
      case 'b': out[n++] = '\b'; break;
      case 'f': out[n++] = '\f'; break;
      case 'u':
        if (!hex4(at, &code) || code >= 0x80) {
          return -1;
        }
        at += 4;
        out[n++] = (unsigned char)code;
        break;
      default: out[n++] = e; break; /* \" \\ \/ */
    }
  }
  return at < polled_length ? (long)n : -1;
}

static int open(void) {
  if (uplink_length == 0) {
    astrid_block id = astrid_uplink_register(astrid_text("chat"), astrid_text("cli"), astrid_text("human"));
    uplink_length = astrid_read_block(id, uplink, sizeof uplink);
    if (uplink_length > sizeof uplink) {
      uplink_length = 0;
      return astrid_fail("uplink_open: the uplink's id is longer than 256 bytes");
    }
  }
  if (subscription_length == 0) {
    astrid_block id = astrid_ipc_subscribe(astrid_text("astrid.uplink.uplink-echo.chat"));
    subscription_length = astrid_read_block(id, subscription, sizeof subscription);
    if (subscription_length > sizeof subscription) {
      subscription_length = 0;
      return astrid_fail("uplink_open: the subscription's id is longer than 256 bytes");
    }
  }
  static const char opened[] = "opened uplink chat; send it a message, then call uplink_relay";
  astrid_output(opened, sizeof opened - 1);
  return 0;
}

static int relay(void) {
  if (uplink_length == 0 || subscription_length == 0) {
    return astrid_fail("uplink_relay: the uplink is not open: call uplink_open first");
  }
  astrid_block batch = astrid_ipc_poll(astrid_block_of(subscription, subscription_length));
  polled_length = astrid_read_block(batch, polled, sizeof polled);
  if (polled_length > sizeof polled) {
    return astrid_fail("uplink_relay: the polled messages are over 1 MiB");
  }
  astrid_u64 relayed = 0;
  for (astrid_size at = find_string("text", 0); at; at = find_string("text", at)) {
    long text_length = decode_string(at, text, sizeof text);
    astrid_size user_at = find_string("platform_user", at);
    long user_length = user_at ? decode_string(user_at, user, sizeof user) : -1;
    if (text_length < 0 || user_length < 0) {
      return astrid_fail("uplink_relay: a polled message is malformed or over 64 KiB");
    }
    memcpy(reply, "echo: ", 6);
    memcpy(reply + 6, text, (astrid_size)text_length);
    astrid_uplink_send(astrid_block_of(uplink, uplink_length), astrid_block_of(user, (astrid_size)user_length),
        astrid_block_of(reply, (astrid_size)text_length + 6));
    relayed++;
  }
  astrid_size n = 0;
  static const char prefix[] = "relayed ";
  for (const char *c = prefix; *c; c++) {
    summary[n++] = *c;
  }
  n += astrid_decimal(relayed, summary + n);
  astrid_output(summary, n);
  return 0;
}

/* Whether the request names `tool`: {"name":"TOOL" as the host writes it, wherever the member stands. */
static int names(astrid_size length, const char *tool) {
  static char wanted[64];
  astrid_size n = 0;
  for (const char *c = "\"name\":\""; *c; c++) {
    wanted[n++] = *c;
  }
  for (const char *c = tool; *c; c++) {
    wanted[n++] = *c;
  }
  wanted[n++] = '"';
  for (astrid_size i = 0; i + n <= length; i++) {
    astrid_size j = 0;
    while (j < n && request[i + j] == (unsigned char)wanted[j]) {
      j++;
    }
    if (j == n) {
      return 1;
    }
  }
  return 0;
}

ASTRID_EXPORT("astrid_tool_call") int tool_call(void) {
  astrid_size length = astrid_input(request, sizeof request);
  if (length > sizeof request) {
    return astrid_fail("the request is larger than 4 KiB");
  }
  if (names(length, "uplink_open")) {
    return open();
  }
  return names(length, "uplink_relay") ? relay() : astrid_fail("unknown tool");
}
