package io.astrid.capsule.api.tool;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a tool call returns, shaped like MCP's {@code CallToolResult}: content items and whether
 * the call failed. A failure is a result, not an exception: the model reads the message.
 *
 * @param content the items, in order
 * @param isError true when the call failed; the content then explains why
 */
public record ToolResult(List<Content> content, boolean isError) {
  public ToolResult {
    content = List.copyOf(content);
  }

  /** A successful result of one text item. */
  public static ToolResult text(String text) {
    return new ToolResult(List.of(new TextContent(text)), false);
  }

  /** A failed result whose one text item is {@code message}. */
  public static ToolResult error(String message) {
    return new ToolResult(List.of(new TextContent(message)), true);
  }

  /** The text items joined by newlines; other items are left out. */
  public String text() {
    return content.stream()
        .filter(TextContent.class::isInstance)
        .map(c -> ((TextContent) c).text())
        .collect(Collectors.joining("\n"));
  }
}
