package io.astrid.capsule.api.tool;

import static java.util.Objects.requireNonNull;

/**
 * A sound recording (MCP's audio content, protocol 2025-03-26 and later).
 *
 * @param data the audio bytes, base64-encoded
 * @param mimeType such as {@code audio/wav}
 */
public record AudioContent(String data, String mimeType) implements Content {
  public AudioContent {
    requireNonNull(data, "data");
    requireNonNull(mimeType, "mimeType");
  }
}
