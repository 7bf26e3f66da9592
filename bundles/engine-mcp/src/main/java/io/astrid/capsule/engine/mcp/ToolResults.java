package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.tool.Content;
import io.astrid.capsule.api.tool.ImageContent;
import io.astrid.capsule.api.tool.ResourceContent;
import io.astrid.capsule.api.tool.TextContent;
import io.astrid.capsule.api.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An MCP {@code CallToolResult} as the runtime's {@link ToolResult}. */
final class ToolResults {
  private ToolResults() {}

  static ToolResult of(JsonNode result) {
    List<Content> content = new ArrayList<>();
    for (JsonNode item : result.path("content")) {
      content.add(item(item));
    }
    if (content.isEmpty() && result.has("structuredContent")) {
      content.add(new TextContent(result.get("structuredContent").toString()));
    }
    return new ToolResult(content, result.path("isError").asBoolean(false));
  }

  private static Content item(JsonNode item) {
    return switch (item.path("type").asText()) {
      case "text" -> new TextContent(item.path("text").asText());
      case "image" -> new ImageContent(item.path("data").asText(), item.path("mimeType").asText());
      case "resource" -> {
        JsonNode resource = item.path("resource");
        yield new ResourceContent(resource.path("uri").asText(), text(resource, "mimeType"), text(resource, "text"));
      }
      case "resource_link" -> new ResourceContent(item.path("uri").asText(), text(item, "mimeType"), Optional.empty());
      default -> new TextContent(item.toString());
    };
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }
}
