/* Counts the vowels of its input (any length, read in chunks) and outputs {"count": N}: the
 * Extism SDKs' usual example, so its cost is comparable across hosts. */
#include "astrid.h"

static unsigned char chunk[4096];

static int is_vowel(unsigned char c) {
  switch (c | 0x20) { /* lower case, for letters */
    case 'a': case 'e': case 'i': case 'o': case 'u':
      return 1;
    default:
      return 0;
  }
}

ASTRID_EXPORT("count_vowels") int count_vowels(void) {
  astrid_size length = (astrid_size)extism_input_length();
  astrid_u64 count = 0;
  for (astrid_size offset = 0; offset < length; offset += sizeof chunk) {
    astrid_size n = length - offset < sizeof chunk ? length - offset : sizeof chunk;
    astrid_copy_in(offset, chunk, n, 0);
    for (astrid_size i = 0; i < n; i++) {
      count += is_vowel(chunk[i]);
    }
  }
  char json[32] = "{\"count\": ";
  astrid_size end = 10 + astrid_decimal(count, json + 10);
  json[end++] = '}';
  astrid_output(json, end);
  return 0;
}
