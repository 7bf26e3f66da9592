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
#include "astrid_json.h"

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
  for (astrid_size at = astrid_json_find_string(polled, polled_length, "text", 0); at;
       at = astrid_json_find_string(polled, polled_length, "text", at)) {
    long text_length = astrid_json_decode_string(polled, polled_length, at, text, sizeof text);
    astrid_size user_at = astrid_json_find_string(polled, polled_length, "platform_user", at);
    long user_length = user_at ? astrid_json_decode_string(polled, polled_length, user_at, user, sizeof user) : -1;
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
