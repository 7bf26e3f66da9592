package io.astrid.capsule.api.tool;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A resource embedded in a result.
 *
 * @param uri the resource's URI
 * @param mimeType its media type, when known
 * @param text its text, when it is text
 */
public record ResourceContent(String uri, Optional<String> mimeType, Optional<String> text) implements Content {
  public ResourceContent {
    requireNonNull(uri, "uri");
    requireNonNull(mimeType, "mimeType");
    requireNonNull(text, "text");
  }
}
