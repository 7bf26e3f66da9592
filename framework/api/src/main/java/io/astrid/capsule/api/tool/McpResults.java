package io.astrid.capsule.api.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ToolResult} to and from the JSON shape of MCP's {@code CallToolResult}, as parsed maps
 * ({@code {"content": [{"type": "text", "text": "..."}], "isError": false}}): how MCP servers and
 * WebAssembly guests hand results over, read the same way by every engine.
 */
public final class McpResults {
  private McpResults() {}

  /**
   * The result a parsed {@code CallToolResult} describes.
   *
   * @param jsonText writes a parsed value back as JSON text: an item of unknown type, or the
   *     {@code structuredContent} of a result without content, is kept as its JSON
   */
  public static ToolResult fromJson(Map<?, ?> result, Function<Object, String> jsonText) {
    List<Content> content = new ArrayList<>();
    if (result.get("content") instanceof List<?> items) {
      for (Object item : items) {
        content.add(item instanceof Map<?, ?> map ? item(map, jsonText) : new TextContent(jsonText.apply(item)));
      }
    }
    if (content.isEmpty() && result.containsKey("structuredContent")) {
      content.add(new TextContent(jsonText.apply(result.get("structuredContent"))));
    }
    return new ToolResult(content, Boolean.TRUE.equals(result.get("isError")));
  }

  /** {@code result} as a {@code CallToolResult}, ready to be written as JSON. */
  public static Map<String, Object> toJson(ToolResult result) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Content item : result.content()) {
      Map<String, Object> json = new LinkedHashMap<>();
      switch (item) {
        case TextContent text -> {
          json.put("type", "text");
          json.put("text", text.text());
        }
        case ImageContent image -> {
          json.put("type", "image");
          json.put("data", image.data());
          json.put("mimeType", image.mimeType());
        }
        case AudioContent audio -> {
          json.put("type", "audio");
          json.put("data", audio.data());
          json.put("mimeType", audio.mimeType());
        }
        case ResourceContent resource -> {
          Map<String, Object> inner = new LinkedHashMap<>();
          inner.put("uri", resource.uri());
          resource.mimeType().ifPresent(m -> inner.put("mimeType", m));
          resource.text().ifPresent(t -> inner.put("text", t));
          json.put("type", "resource");
          json.put("resource", inner);
        }
      }
      items.add(json);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("content", items);
    json.put("isError", result.isError());
    return json;
  }

  private static Content item(Map<?, ?> item, Function<Object, String> jsonText) {
    return switch (String.valueOf(item.get("type"))) {
      case "text" -> new TextContent(string(item, "text").orElse(""));
      case "image" -> new ImageContent(string(item, "data").orElse(""), string(item, "mimeType").orElse(""));
      case "audio" -> new AudioContent(string(item, "data").orElse(""), string(item, "mimeType").orElse(""));
      case "resource" -> {
        Map<?, ?> resource = item.get("resource") instanceof Map<?, ?> map ? map : Map.of();
        yield new ResourceContent(string(resource, "uri").orElse(""), string(resource, "mimeType"),
            string(resource, "text"));
      }
      case "resource_link" -> new ResourceContent(string(item, "uri").orElse(""), string(item, "mimeType"),
          Optional.empty());
      default -> new TextContent(jsonText.apply(item));
    };
  }

  private static Optional<String> string(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
  }
}
