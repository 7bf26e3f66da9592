package io.astrid.capsule.api.tool;

import static java.util.Objects.requireNonNull;

/** Text for the model. */
public record TextContent(String text) implements Content {
  public TextContent {
    requireNonNull(text, "text");
  }
}
