package io.astrid.capsule.api.tool;

import static java.util.Objects.requireNonNull;

/**
 * An image.
 *
 * @param data the image bytes, base64-encoded
 * @param mimeType such as {@code image/png}
 */
public record ImageContent(String data, String mimeType) implements Content {
  public ImageContent {
    requireNonNull(data, "data");
    requireNonNull(mimeType, "mimeType");
  }
}
