package io.astrid.capsule.engine.wasm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** One row of the table: an export of a plugin, called with the same input on every host. */
record LatencyRow(String name, Path wasm, String export, byte[] input) {
  /** The configuration every host serves to {@code host_roundtrip} through {@code astrid_get_config}. */
  static final String CONFIG_KEY = "greeting";
  static final String CONFIG_VALUE = "hello from the host";
  /** {@link #CONFIG_VALUE} as {@code astrid_get_config} answers it: upstream's JSON, quotes included (issue 18). */
  static final String CONFIG_ANSWER = "\"" + CONFIG_VALUE + "\"";

  /** The rows, with the plugins built by scripts/build-wasm-plugins in {@code plugins}. */
  static List<LatencyRow> all(Path plugins) {
    return List.of(
        new LatencyRow("noop", plugins.resolve("noop.wasm"), "noop", new byte[0]),
        new LatencyRow("count_vowels, 13 B", plugins.resolve("count_vowels.wasm"), "count_vowels",
            utf8("Hello, World!")),
        new LatencyRow("count_vowels, 10 KB", plugins.resolve("count_vowels.wasm"), "count_vowels", text(10 * 1024)),
        new LatencyRow("compute, 10M iterations", plugins.resolve("compute.wasm"), "compute", utf8("10000000")),
        new LatencyRow("host function round trip", plugins.resolve("host_roundtrip.wasm"), "host_roundtrip",
            new byte[0]));
  }

  private static byte[] text(int length) {
    String sentence = "The quick brown fox jumps over the lazy dog. ";
    return utf8(sentence.repeat(length / sentence.length() + 1).substring(0, length));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
