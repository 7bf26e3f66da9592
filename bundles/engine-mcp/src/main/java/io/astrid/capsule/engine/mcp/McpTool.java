package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.internal.text.UntrustedText;
import java.util.Map;

/** One tool of an MCP server, called through its engine (which knows whether the server is up). */
final class McpTool implements CapsuleTool {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  /**
   * The longest description kept, in characters: room for the longest real servers' descriptions,
   * but a server cannot fill the model's context or the terminal with one (issue 20 finding 6).
   * Newlines stay: the description is for the model; a terminal shows it escaped.
   */
  static final int MAX_DESCRIPTION_CHARS = 8192;

  private final String name;
  private final String description;
  private final Map<String, Object> inputSchema;
  private final McpServerEngine engine;

  McpTool(JsonNode definition, McpServerEngine engine) {
    this.name = definition.path("name").asText();
    this.description = UntrustedText.truncate(definition.path("description").asText(""), MAX_DESCRIPTION_CHARS);
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
