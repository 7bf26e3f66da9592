package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.tool.McpResults;
import io.astrid.capsule.api.tool.ToolResult;
import java.util.Map;

/** An MCP {@code CallToolResult} as the runtime's {@link ToolResult}. */
final class ToolResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolResults() {}

  static ToolResult of(JsonNode result) {
    return McpResults.fromJson(JSON.convertValue(result, Map.class), value -> JSON.valueToTree(value).toString());
  }
}
