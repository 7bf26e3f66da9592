package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code [[tool]]} entry: a tool offered to the agent, run by the capsule's WebAssembly
 * component ({@code astrid_tool_call}).
 *
 * @param name unique within the capsule, following {@link #NAME}
 * @param description what the tool does, for the model
 * @param inputSchema a JSON Schema (draft 2020-12) object describing the arguments, as plain
 *     Java values; its {@code type} is {@code object}
 */
public record Tool(String name, String description, Map<String, Object> inputSchema) {
  /**
   * The one tool-name rule, for manifest tools and the tools an MCP server lists alike: letters,
   * digits, {@code _}, {@code -} and {@code .}, 1 to 64 characters (the MCP rule: what model APIs
   * accept as function names). No spaces, slashes, colons or control characters.
   */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** {@link #NAME} in words, for diagnostics and warnings. */
  public static final String NAME_RULE = "letters, digits, '_', '-' and '.', at most 64 characters";

  public Tool {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    inputSchema = Immutables.orderedMap(inputSchema, "inputSchema");
  }
}
