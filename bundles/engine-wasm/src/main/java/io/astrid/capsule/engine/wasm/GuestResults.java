package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.tool.McpResults;
import io.astrid.capsule.api.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** What a guest's output means as a tool result: an MCP-shaped result object, or else plain text. */
final class GuestResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GuestResults() {}

  static ToolResult toolResult(byte[] output) {
    String text = new String(output, StandardCharsets.UTF_8);
    return resultObject(text).map(GuestResults::of).orElseGet(() -> ToolResult.text(text));
  }

  /** The result an MCP-shaped JSON object describes. */
  static ToolResult of(JsonNode json) {
    return McpResults.fromJson(JSON.convertValue(json, Map.class), value -> JSON.valueToTree(value).toString());
  }

  /** {@code text} parsed, when it is a JSON object with {@code content}. */
  static Optional<JsonNode> resultObject(String text) {
    try {
      JsonNode json = JSON.readTree(text);
      return json != null && json.isObject() && json.has("content") ? Optional.of(json)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not JSON: the output is the text
    }
  }
}
