/*
 * notes: a capsule that keeps the user's notes as Markdown files in the workspace (notes/NAME.md),
 * so an agent can write down what it learned and find it again in a later session. Three tools:
 * note_save {name, text}, note_read {name}, note_list {}. Built with scripts/build-wasm-plugins.
 */
#include "astrid.h"
#include "astrid_json.h"

/* Reads a tool call's arguments as the object itself, not as upstream's array of bytes. */
ASTRID_OBJECT_ARGUMENTS

#define MAX_INPUT (1024 * 1024)

static unsigned char input[MAX_INPUT];
static astrid_size input_length;
static char name[128];
static unsigned char text[MAX_INPUT];
static char path[160];
static char reply[256];

/* Reads the string argument "key" into `out`; its length, or -1 when absent. */
static long argument(const char *key, unsigned char *out, astrid_size capacity) {
  astrid_size arguments = astrid_json_find(input, input_length, "arguments", 0);
  astrid_size at = arguments ? astrid_json_find_string(input, input_length, key, arguments) : 0;
  return at ? astrid_json_decode_string(input, input_length, at, out, capacity) : -1;
}

/* notes/NAME.md for a name of letters, digits, '-' and '_' (the schema says so too); 0 if invalid. */
static int note_path(void) {
  long length = argument("name", (unsigned char *)name, sizeof name - 1);
  if (length <= 0 || length > 64) {
    return 0;
  }
  for (long i = 0; i < length; i++) {
    char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return 0;
    }
  }
  name[length] = 0;
  static const char prefix[] = "notes/";
  astrid_size n = 0;
  for (const char *c = prefix; *c; c++) {
    path[n++] = *c;
  }
  for (long i = 0; i < length; i++) {
    path[n++] = name[i];
  }
  path[n++] = '.';
  path[n++] = 'm';
  path[n++] = 'd';
  path[n] = 0;
  return 1;
}

static astrid_size append(char *out, astrid_size n, const char *s) {
  while (*s) {
    out[n++] = *s++;
  }
  return n;
}

static int save(void) {
  if (!note_path()) {
    return astrid_fail("note_save: the name must be 1 to 64 letters, digits, '-' or '_'");
  }
  long length = argument("text", text, sizeof text);
  if (length < 0) {
    return astrid_fail("note_save: the text is missing or too long");
  }
  astrid_fs_mkdir(astrid_text("notes"));
  astrid_write_file(astrid_text(path), astrid_block_of(text, (astrid_size)length));
  astrid_size n = append(reply, 0, "saved ");
  n = append(reply, n, path);
  astrid_output(reply, n);
  return 0;
}

static int read(void) {
  if (!note_path()) {
    return astrid_fail("note_read: the name must be 1 to 64 letters, digits, '-' or '_'");
  }
  astrid_block exists = astrid_fs_exists(astrid_text(path));
  unsigned char answer[5];
  astrid_size length = astrid_read_block(exists, answer, sizeof answer);
  if (length != 4) { /* "true" */
    /* A failure, not an answer: the tool result is an error and `capsule invoke` exits non-zero (issue 19). */
    astrid_size n = append(reply, 0, "note_read: no note named ");
    n = append(reply, n, name);
    reply[n] = 0;
    return astrid_fail(reply);
  }
  astrid_output_block(astrid_read_file(astrid_text(path)));
  return 0;
}

static int list(void) {
  astrid_block exists = astrid_fs_exists(astrid_text("notes"));
  unsigned char answer[5];
  if (astrid_read_block(exists, answer, sizeof answer) != 4) {
    astrid_output("[]", 2);
    return 0;
  }
  astrid_output_block(astrid_fs_readdir(astrid_text("notes")));
  return 0;
}

ASTRID_EXPORT("astrid_tool_call") int tool_call(void) {
  input_length = astrid_input(input, MAX_INPUT);
  if (input_length >= MAX_INPUT) {
    return astrid_fail("the request is larger than 1 MiB");
  }
  unsigned char tool[32];
  astrid_size at = astrid_json_find_string(input, input_length, "name", 0);
  long length = at ? astrid_json_decode_string(input, input_length, at, tool, sizeof tool) : -1;
  if (length == 9 && tool[5] == 's') { /* note_save */
    return save();
  }
  if (length == 9 && tool[5] == 'r') { /* note_read */
    return read();
  }
  if (length == 9 && tool[5] == 'l') { /* note_list */
    return list();
  }
  return astrid_fail("unknown tool");
}
