/*
 * A capsule whose every interceptor event, command and tool is observable (issue 18).
 *
 * astrid_hook_trigger appends "EVENT:ACTION(CAPSULE)" and a space to the variable "journal"
 * (export `journal` returns it; the interceptors' view of that export's own calls is not recorded,
 * so a test may poll it) and answers by what its input holds:
 *   action "slow": never returns (the call timeout ends it); action "trap": traps;
 *   BeforeToolCall / BeforeCommand: "forbidden" -> {"deny": "forbidden words"},
 *     "rewrite-me" -> the arguments rewritten ({"text": "rewritten"}, or "rewritten");
 *   AfterToolCall: "replace-me" -> {"result": a text result "replaced by the hook"};
 *   AfterCommand: "shout" -> {"output": "SHOUTED"};
 *   otherwise nothing (go on).
 * astrid_tool_call echoes its input as text, or fails when it holds "fail-me";
 * astrid_command_run answers "ran " and its input.
 */
#include "astrid.h"

/* Reads a tool call's arguments as the object itself, not as upstream's array of bytes. */
ASTRID_OBJECT_ARGUMENTS

#define MAX_INPUT (64 * 1024)
#define MAX_JOURNAL (16 * 1024)

static unsigned char input[MAX_INPUT];
static unsigned char journal[MAX_JOURNAL];
static unsigned char ran[MAX_INPUT + 4];

/* Where `word` first starts in `text`, or -1. */
static long find(const unsigned char *text, astrid_size length, const char *word) {
  astrid_size n = astrid_strlen(word);
  for (astrid_size i = 0; i + n <= length; i++) {
    astrid_size j = 0;
    while (j < n && text[i + j] == (unsigned char)word[j]) {
      j++;
    }
    if (j == n) {
      return (long)i;
    }
  }
  return -1;
}

static int contains(const unsigned char *text, astrid_size length, const char *word) {
  return find(text, length, word) >= 0;
}

/* Appends the string value of "key" in the input (up to its closing quote) to journal[*at]. */
static void append_value(const char *key, astrid_size length, astrid_size *at) {
  long start = find(input, length, key);
  if (start < 0) {
    return;
  }
  for (astrid_size k = (astrid_size)start + astrid_strlen(key); k < length && input[k] != '"' && *at < MAX_JOURNAL - 1;
       k++) {
    journal[(*at)++] = input[k];
  }
}

static void append(const char *text, astrid_size *at) {
  for (astrid_size i = 0; text[i] && *at < MAX_JOURNAL - 1; i++) {
    journal[(*at)++] = (unsigned char)text[i];
  }
}

static void record(astrid_size length) {
  astrid_block key = astrid_text("journal");
  astrid_size at = astrid_read_block(extism_var_get(key), journal, MAX_JOURNAL);
  if (at > MAX_JOURNAL) {
    at = MAX_JOURNAL;
  }
  append_value("\"event\":\"", length, &at);
  append(":", &at);
  append_value("\"action\":\"", length, &at);
  append("(", &at);
  append_value("\"capsule\":\"", length, &at);
  append(") ", &at);
  extism_var_set(key, astrid_block_of(journal, at));
}

static void answer(const char *json) {
  astrid_output(json, astrid_strlen(json));
}

ASTRID_EXPORT("astrid_hook_trigger") int hook_trigger(void) {
  astrid_size length = astrid_input(input, MAX_INPUT);
  if (length > MAX_INPUT) {
    length = MAX_INPUT;
  }
  if (!contains(input, length, "export:journal")) {
    record(length);
  }
  if (contains(input, length, "\"action\":\"slow\"")) {
    for (volatile int forever = 1; forever;) {
    }
  }
  if (contains(input, length, "\"action\":\"trap\"")) {
    __builtin_trap();
  }
  int before = contains(input, length, "\"event\":\"Before");
  int command = contains(input, length, "Command\"");
  if (before && contains(input, length, "forbidden")) {
    answer("{\"deny\":\"forbidden words\"}");
  } else if (before && contains(input, length, "rewrite-me")) {
    answer(command ? "{\"arguments\":\"rewritten\"}" : "{\"arguments\":{\"text\":\"rewritten\"}}");
  } else if (contains(input, length, "\"event\":\"AfterToolCall\"") && contains(input, length, "replace-me")) {
    answer("{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"replaced by the hook\"}]}}");
  } else if (contains(input, length, "\"event\":\"AfterCommand\"") && contains(input, length, "shout")) {
    answer("{\"output\":\"SHOUTED\"}");
  }
  return 0;
}

ASTRID_EXPORT("astrid_tool_call") int tool_call(void) {
  astrid_size length = astrid_input(input, MAX_INPUT);
  if (length > MAX_INPUT) {
    length = MAX_INPUT;
  }
  if (contains(input, length, "fail-me")) {
    return astrid_fail("the tool failed as asked");
  }
  astrid_output(input, length);
  return 0;
}

ASTRID_EXPORT("astrid_command_run") int command_run(void) {
  astrid_size length = astrid_input(input, MAX_INPUT);
  if (length > MAX_INPUT) {
    length = MAX_INPUT;
  }
  memcpy(ran, "ran ", 4);
  memcpy(ran + 4, input, length);
  astrid_output(ran, length + 4);
  return 0;
}

ASTRID_EXPORT("journal") int journal_export(void) {
  astrid_output_block(extism_var_get(astrid_text("journal")));
  return 0;
}
