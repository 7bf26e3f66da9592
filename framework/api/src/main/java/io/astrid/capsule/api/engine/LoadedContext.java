package io.astrid.capsule.api.engine;

import static java.util.Objects.requireNonNull;

/**
 * A context document, read.
 *
 * @param name its {@code [[context_file]]} name
 * @param text its content
 */
public record LoadedContext(String name, String text) {
  public LoadedContext {
    requireNonNull(name, "name");
    requireNonNull(text, "text");
  }
}
