package io.astrid.capsule.gateway;

import io.astrid.capsule.api.tool.ToolCall;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one mapping between the runtime's names and the names MCP clients see (docs/gateway.md).
 * A tool {@code capsule:ID:TOOL} is {@code ID_TOOL}, a command {@code NAME} of capsule {@code ID}
 * is the prompt {@code ID_NAME}: a capsule id has no underscore (lowercase letters, digits and
 * single hyphens), so the first underscore splits a name back, one to one.
 */
final class McpNames {
  /** MCP's tool-name rule (2025-11-25): 1 to 128 of letters, digits, {@code _}, {@code -} and {@code .}. */
  private static final Pattern MCP_TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final String SEPARATOR = "_";
  private static final String RESOURCE_SCHEME = "capsule://";

  private McpNames() {}

  /** The MCP name of tool {@code tool} of capsule {@code capsuleId}; empty when it breaks MCP's rule (too long). */
  static Optional<String> tool(String capsuleId, String tool) {
    String name = capsuleId + SEPARATOR + tool;
    return MCP_TOOL_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
  }

  /** The qualified name {@code capsule:ID:TOOL} an MCP tool name stands for; empty when it stands for none. */
  static Optional<String> qualifiedTool(String mcpName) {
    return split(mcpName).map(parts -> ToolCall.qualifiedName(parts[0], parts[1]));
  }

  /** The MCP prompt name of command {@code command} of capsule {@code capsuleId}. */
  static String prompt(String capsuleId, String command) {
    return capsuleId + SEPARATOR + command;
  }

  /** {@code [capsuleId, name]} of an MCP tool or prompt name; empty when it has no separator. */
  static Optional<String[]> split(String mcpName) {
    int at = mcpName.indexOf(SEPARATOR);
    if (at <= 0 || at == mcpName.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {mcpName.substring(0, at), mcpName.substring(at + 1)});
  }

  /** The URI of a capsule's resource: {@code capsule://ID/KIND/NAME} (kind {@code context} or {@code skill}). */
  static String resource(String capsuleId, String kind, String name) {
    return RESOURCE_SCHEME + capsuleId + "/" + kind + "/" + name;
  }

  /** The capsule id of a resource URI {@link #resource} made; empty when {@code uri} is not of that form. */
  static Optional<String> resourceCapsule(String uri) {
    int slash = uri.indexOf('/', RESOURCE_SCHEME.length());
    return uri.startsWith(RESOURCE_SCHEME) && slash > RESOURCE_SCHEME.length()
        ? Optional.of(uri.substring(RESOURCE_SCHEME.length(), slash)) : Optional.empty();
  }
}
