package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A {@code [[tool]]} entry: a tool offered to the agent, run by the capsule's WebAssembly
 * component ({@code astrid_tool_call}).
 *
 * @param name unique within the capsule: letters, digits, {@code _}, {@code -} and {@code .},
 *     at most 64 characters (the MCP tool-name rule)
 * @param description what the tool does, for the model
 * @param inputSchema a JSON Schema (draft 2020-12) object describing the arguments, as plain
 *     Java values; its {@code type} is {@code object}
 */
public record Tool(String name, String description, Map<String, Object> inputSchema) {
  public Tool {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    inputSchema = Immutables.orderedMap(inputSchema, "inputSchema");
  }
}
