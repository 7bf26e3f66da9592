package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.util.Map;

/** One tool of an MCP server, called through its engine (which knows whether the server is up). */
final class McpTool implements CapsuleTool {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final String name;
  private final String description;
  private final Map<String, Object> inputSchema;
  private final McpServerEngine engine;

  McpTool(JsonNode definition, McpServerEngine engine) {
    this.name = definition.path("name").asText();
    this.description = definition.path("description").asText("");
    JsonNode schema = definition.path("inputSchema");
    this.inputSchema = schema.isObject() ? JsonRpcPeer.JSON.convertValue(schema, MAP) : Map.of("type", "object");
    this.engine = engine;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Map<String, Object> inputSchema() {
    return inputSchema;
  }

  @Override
  public ToolResult call(Map<String, Object> arguments) {
    return engine.call(name, JsonRpcPeer.JSON.valueToTree(arguments));
  }
}
