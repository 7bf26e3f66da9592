package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

/**
 * A {@code [[context_file]]} entry: text given to the agent as context.
 *
 * @param name the context block's name, unique within the capsule
 * @param file the file, relative to the capsule directory
 */
public record ContextFile(String name, String file) {
  public ContextFile {
    requireNonNull(name, "name");
    requireNonNull(file, "file");
  }
}
