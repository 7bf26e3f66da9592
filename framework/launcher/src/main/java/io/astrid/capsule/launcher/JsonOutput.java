package io.astrid.capsule.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * {@code --json}, as a mixin of every command that prints data, and the one mapper of the launcher. The
 * shapes are documented in docs/cli.md and held by the schemas of docs/schemas/; JSON escapes line
 * breaks, ESC and the other control characters, so capsule text reaches no terminal as sequences.
 */
final class JsonOutput {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--json", description = "print the result as one JSON document (its shape: docs/cli.md)")
  private boolean json;

  boolean enabled() {
    return json;
  }

  /** {@code value} as indented JSON and a line break. */
  static void print(PrintWriter out, Object value) {
    out.println(write(value, PRETTY));
    out.flush();
  }

  /** {@code value} as compact JSON, for one line of text. */
  static String compact(Object value) {
    return write(value, MAPPER);
  }

  private static String write(Object value, ObjectMapper mapper) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("writing JSON failed: " + e.getOriginalMessage(), e);
    }
  }
}
