package io.astrid.capsule.internal.text;

import io.astrid.capsule.api.tool.AudioContent;
import io.astrid.capsule.api.tool.Content;
import io.astrid.capsule.api.tool.ImageContent;
import io.astrid.capsule.api.tool.ResourceContent;
import io.astrid.capsule.api.tool.TextContent;

/** A tool result's content item as the command line and the Karaf shell print it (unescaped: callers escape). */
public final class ContentText {
  private ContentText() {}

  public static String render(Content item) {
    return switch (item) {
      case TextContent text -> text.text();
      case ImageContent image -> "[image " + image.mimeType() + ", " + image.data().length() + " base64 characters]";
      case AudioContent audio -> "[audio " + audio.mimeType() + ", " + audio.data().length() + " base64 characters]";
      case ResourceContent resource -> "[resource " + resource.uri() + "]" + resource.text().map(t -> "\n" + t)
          .orElse("");
    };
  }
}
