/*
 * notes: a capsule that keeps the user's notes as Markdown files in the workspace (notes/NAME.md),
 * so an agent can write down what it learned and find it again in a later session. Three tools:
 * note_save {name, text}, note_read {name}, note_list {}. Built with scripts/build-wasm-plugins.
 */
#include "astrid.h"

/* Reads a tool call's arguments as the object itself, not as upstream's array of bytes. */
ASTRID_OBJECT_ARGUMENTS

#define MAX_INPUT (1024 * 1024)

static unsigned char input[MAX_INPUT];
static astrid_size input_length;
static char name[128];
static unsigned char text[MAX_INPUT];
static char path[160];
static char reply[256];

/* Where the value of "key" starts (just after its colon), searching from `from`; 0 when absent. The
 * runtime writes the request without spaces, and an unescaped quote never occurs inside a string,
 * so a quoted key followed by a colon is a key. */
static astrid_size find_key(const char *key, astrid_size from) {
  astrid_size key_length = astrid_strlen(key);
  for (astrid_size i = from; i + key_length + 3 <= input_length; i++) {
    if (input[i] != '"' || (i > 0 && input[i - 1] == '\\')) {
      continue;
    }
    astrid_size j = 0;
    while (j < key_length && input[i + 1 + j] == (unsigned char)key[j]) {
      j++;
    }
    astrid_size k = i + 1 + key_length;
    if (j == key_length && input[k] == '"' && input[k + 1] == ':') {
      return k + 2;
    }
  }
  return 0;
}

/* Where the string value of "key" starts (after its opening quote); 0 when absent or not a string. */
static astrid_size find_string(const char *key, astrid_size from) {
  astrid_size at = find_key(key, from);
  return at && input[at] == '"' ? at + 1 : 0;
}

static astrid_size put_utf8(unsigned char *out, unsigned long code) {
  if (code < 0x80) {
    out[0] = (unsigned char)code;
    return 1;
  }
  if (code < 0x800) {
    out[0] = (unsigned char)(0xc0 | (code >> 6));
    out[1] = (unsigned char)(0x80 | (code & 0x3f));
    return 2;
  }
  if (code < 0x10000) {
    out[0] = (unsigned char)(0xe0 | (code >> 12));
    out[1] = (unsigned char)(0x80 | ((code >> 6) & 0x3f));
    out[2] = (unsigned char)(0x80 | (code & 0x3f));
    return 3;
  }
  out[0] = (unsigned char)(0xf0 | (code >> 18));
  out[1] = (unsigned char)(0x80 | ((code >> 12) & 0x3f));
  out[2] = (unsigned char)(0x80 | ((code >> 6) & 0x3f));
  out[3] = (unsigned char)(0x80 | (code & 0x3f));
  return 4;
}

static int hex4(astrid_size at, unsigned long *value) {
  *value = 0;
  for (int i = 0; i < 4; i++) {
    unsigned char c = input[at + i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) {
      return 0;
    }
    *value = *value * 16 + (unsigned long)digit;
  }
  return 1;
}

/* Decodes the JSON string starting at `at` into `out` (at most `capacity` bytes); its length, or -1. */
static long decode_string(astrid_size at, unsigned char *out, astrid_size capacity) {
  astrid_size n = 0;
  while (at < input_length && input[at] != '"') {
    if (n + 4 > capacity) {
      return -1;
    }
    unsigned char c = input[at++];
    if (c != '\\') {
      out[n++] = c;
      continue;
    }
    unsigned char e = input[at++];
    switch (e) {
      case 'n': out[n++] = '\n'; break;
      case 't': out[n++] = '\t'; break;
      case 'r': out[n++] = '\r'; break;
      case 'b': out[n++] = '\b'; break;
      case 'f': out[n++] = '\f'; break;
      case 'u': {
        unsigned long code;
        if (!hex4(at, &code)) {
          return -1;
        }
        at += 4;
        unsigned long low;
        if (code >= 0xd800 && code < 0xdc00 && input[at] == '\\' && input[at + 1] == 'u' && hex4(at + 2, &low)) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          at += 6;
        }
        n += put_utf8(out + n, code);
        break;
      }
      default: out[n++] = e; break; /* \" \\ \/ */
    }
  }
  return at < input_length ? (long)n : -1;
}

/* Reads the string argument "key" into `out`; its length, or -1 when absent. */
static long argument(const char *key, unsigned char *out, astrid_size capacity) {
  astrid_size arguments = find_key("arguments", 0);
  astrid_size at = arguments ? find_string(key, arguments) : 0;
  return at ? decode_string(at, out, capacity) : -1;
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
  astrid_size at = find_string("name", 0);
  long length = at ? decode_string(at, tool, sizeof tool) : -1;
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
