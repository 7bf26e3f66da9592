/*
 * Reading the JSON the host hands a guest, without a parser: finding a member's value and decoding a
 * string. The host writes JSON without spaces between tokens and escapes a quote inside a string, so
 * a quote not preceded by a backslash, the key, a quote and a colon is a member. Include after
 * astrid.h. Used by the examples (notes, uplink-echo, local-llm).
 */
#ifndef ASTRID_JSON_H
#define ASTRID_JSON_H

#include "astrid.h"

/* The first position at or after `at` that is not a JSON blank (space, tab, line feed, carriage return). */
static inline astrid_size astrid_json_skip_blanks(const unsigned char *json, astrid_size length, astrid_size at) {
  while (at < length && (json[at] == ' ' || json[at] == '\t' || json[at] == '\n' || json[at] == '\r')) {
    at++;
  }
  return at;
}

/* Where the value of the first member "key" at or after `from` starts (after its colon and any blanks);
 * 0 when absent. Blanks around the colon are allowed, so that JSON from elsewhere (an HTTP server's
 * answer, pretty-printed) is read too. */
static inline astrid_size astrid_json_find(const unsigned char *json, astrid_size length, const char *key,
                                           astrid_size from) {
  astrid_size key_length = astrid_strlen(key);
  for (astrid_size i = from; i + key_length + 2 < length; i++) {
    if (json[i] != '"' || (i > 0 && json[i - 1] == '\\')) {
      continue;
    }
    astrid_size j = 0;
    while (j < key_length && json[i + 1 + j] == (unsigned char)key[j]) {
      j++;
    }
    astrid_size k = i + 1 + key_length;
    if (j != key_length || json[k] != '"') {
      continue;
    }
    k = astrid_json_skip_blanks(json, length, k + 1);
    if (k < length && json[k] == ':') {
      return astrid_json_skip_blanks(json, length, k + 1);
    }
  }
  return 0;
}

/* Where the string value of the first member "key" at or after `from` starts (after its opening quote);
 * 0 when absent or not a string. */
static inline astrid_size astrid_json_find_string(const unsigned char *json, astrid_size length, const char *key,
                                                  astrid_size from) {
  astrid_size at = astrid_json_find(json, length, key, from);
  return at && at < length && json[at] == '"' ? at + 1 : 0;
}

static inline astrid_size astrid_json_put_utf8(unsigned char *out, unsigned long code) {
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

/* The four hex digits at `at` as a number into `value`; 0 when they are not four hex digits. */
static inline int astrid_json_hex4(const unsigned char *json, astrid_size length, astrid_size at,
                                   unsigned long *value) {
  *value = 0;
  for (int i = 0; i < 4; i++) {
    unsigned char c = at + i < length ? json[at + i] : 0;
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) {
      return 0;
    }
    *value = *value * 16 + (unsigned long)digit;
  }
  return 1;
}

/* Decodes the JSON string whose text starts at `at` (after its opening quote) into `out`, at most
 * `capacity` bytes; its length, or -1 when it is malformed, unterminated or longer. */
static inline long astrid_json_decode_string(const unsigned char *json, astrid_size length, astrid_size at,
                                             unsigned char *out, astrid_size capacity) {
  astrid_size n = 0;
  while (at < length && json[at] != '"') {
    if (n + 4 > capacity) {
      return -1;
    }
    unsigned char c = json[at++];
    if (c != '\\') {
      out[n++] = c;
      continue;
    }
    unsigned char e = at < length ? json[at++] : 0;
    switch (e) {
      case 'n': out[n++] = '\n'; break;
      case 't': out[n++] = '\t'; break;
      case 'r': out[n++] = '\r'; break;
      case 'b': out[n++] = '\b'; break;
      case 'f': out[n++] = '\f'; break;
      case 'u': {
        unsigned long code;
        if (!astrid_json_hex4(json, length, at, &code)) {
          return -1;
        }
        at += 4;
        unsigned long low;
        if (code >= 0xd800 && code < 0xdc00 && at + 1 < length && json[at] == '\\' && json[at + 1] == 'u'
            && astrid_json_hex4(json, length, at + 2, &low)) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          at += 6;
        }
        n += astrid_json_put_utf8(out + n, code);
        break;
      }
      default: out[n++] = e; break; /* \" \\ \/ */
    }
  }
  return at < length ? (long)n : -1;
}

#endif
