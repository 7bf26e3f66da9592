/*
 * local-llm: serves a model of an OpenAI-compatible server (Ollama, llama.cpp's server, vLLM, LM Studio)
 * to the host as an [[llm_provider]]. The runtime hands astrid_llm_complete a request already in the
 * chat completions shape, {"provider": ID, "request": {"messages": [...], ...}} (docs/llm.md); this
 * plugin adds the model, posts it to BASE_URL through the kernel's http_request (the security gate
 * checks the URL against [capabilities] net) and answers with the first choice of the reply.
 * Built with scripts/build-wasm-plugins.
 */
#include "astrid.h"
#include "astrid_json.h"

#define MAX_BYTES (1024 * 1024)

static unsigned char input[MAX_BYTES];
static astrid_size input_length;
static unsigned char body[MAX_BYTES + 2048]; /* the request, the model escaped (twice its 512 bytes at most) */
static unsigned char reply[MAX_BYTES];
static char text[1024];

/* Where the JSON value starting at `at` ends (just past it) in `json`, for an object or array; 0 when
 * it does not end within `length`. Strings are skipped whole, so braces inside them do not count. */
static astrid_size value_end(const unsigned char *json, astrid_size length, astrid_size at) {
  int depth = 0;
  for (astrid_size i = at; i < length; i++) {
    unsigned char c = json[i];
    if (c == '"') {
      for (i++; i < length && json[i] != '"'; i++) {
        if (json[i] == '\\') {
          i++;
        }
      }
    } else if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        return i + 1;
      }
    }
  }
  return 0;
}

/* Appends `length` bytes of `source` to `out` at `n`, escaped as the inside of a JSON string. */
static astrid_size append_escaped(unsigned char *out, astrid_size n, const unsigned char *source, astrid_size length) {
  for (astrid_size i = 0; i < length; i++) {
    unsigned char c = source[i];
    if (c == '"' || c == '\\') {
      out[n++] = '\\';
      out[n++] = c;
    } else if (c >= 0x20) {
      out[n++] = c;
    }
  }
  return n;
}

static astrid_size append(unsigned char *out, astrid_size n, const char *s) {
  while (*s) {
    out[n++] = (unsigned char)*s++;
  }
  return n;
}

/* The env value `name` (its [env] entry) into `out`; its length, 0 when unset or longer than `capacity`. */
static astrid_size config(const char *name, unsigned char *out, astrid_size capacity) {
  astrid_size length = astrid_read_block(extism_config_get(astrid_text(name)), out, capacity);
  return length <= capacity ? length : 0;
}

/* Fails with `prefix` followed by up to 200 bytes of `detail`, control characters dropped. */
static int fail_with(const char *prefix, const unsigned char *detail, astrid_size length) {
  astrid_size n = append((unsigned char *)text, 0, prefix);
  n = append_escaped((unsigned char *)text, n, detail, length < 200 ? length : 200);
  text[n] = 0;
  return astrid_fail(text);
}

ASTRID_EXPORT("astrid_llm_complete") int llm_complete(void) {
  input_length = astrid_input(input, MAX_BYTES);
  if (input_length >= MAX_BYTES) {
    return astrid_fail("local-llm: the request is larger than 1 MiB");
  }
  astrid_size request = astrid_json_find(input, input_length, "request", 0);
  astrid_size request_end = request && input[request] == '{' ? value_end(input, input_length, request) : 0;
  if (!request_end || request_end - request < 3) {
    return astrid_fail("local-llm: the input has no \"request\" object");
  }

  /* {"model":"MODEL", followed by the request's members: the runtime forbids "model" in them. */
  unsigned char value[512];
  astrid_size model = config("MODEL", value, sizeof value);
  astrid_size n = append(body, 0, "{\"model\":\"");
  n = append_escaped(body, n, value, model);
  n = append(body, n, "\",");
  for (astrid_size i = request + 1; i < request_end; i++) {
    body[n++] = input[i];
  }

  /* {"url":"BASE_URL","method":"POST","headers":{...}} for the kernel's http_request. */
  static unsigned char head[4096]; /* the URL and the key, escaped: twice 512 bytes each at most */
  astrid_size url = config("BASE_URL", value, sizeof value);
  if (!url) {
    return astrid_fail("local-llm: BASE_URL is not set: capsule env local-llm set BASE_URL");
  }
  astrid_size h = append(head, 0, "{\"url\":\"");
  h = append_escaped(head, h, value, url);
  h = append(head, h, "\",\"method\":\"POST\",\"headers\":{\"Content-Type\":\"application/json\"");
  astrid_size key = config("API_KEY", value, sizeof value);
  if (key) {
    h = append(head, h, ",\"Authorization\":\"Bearer ");
    h = append_escaped(head, h, value, key);
    h = append(head, h, "\"");
  }
  h = append(head, h, "}}");

  astrid_block response = extism_http_request(astrid_block_of(head, h), astrid_block_of(body, n));
  int status = extism_http_status_code();
  astrid_size length = astrid_read_block(response, reply, sizeof reply);
  if (length > sizeof reply) {
    return astrid_fail("local-llm: the server's answer is larger than 1 MiB");
  }
  if (status < 200 || status > 299) {
    char prefix[64];
    astrid_size p = append((unsigned char *)prefix, 0, "local-llm: the server answered HTTP ");
    p += astrid_decimal((astrid_u64)status, prefix + p);
    p = append((unsigned char *)prefix, p, ": ");
    prefix[p] = 0;
    return fail_with(prefix, reply, length);
  }
  /* The first of "choices": {"index", "message", "finish_reason"} is the answer the runtime expects. */
  astrid_size choices = astrid_json_find(reply, length, "choices", 0);
  astrid_size first = choices && reply[choices] == '[' ? choices + 1 : 0;
  while (first && first < length && reply[first] != '{' && reply[first] != ']') {
    first++;
  }
  astrid_size first_end = first && first < length && reply[first] == '{' ? value_end(reply, length, first) : 0;
  if (!first_end) {
    return fail_with("local-llm: the server's answer has no choices: ", reply, length);
  }
  astrid_output(reply + first, first_end - first);
  return 0;
}
