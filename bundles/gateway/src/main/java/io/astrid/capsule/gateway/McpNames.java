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
  /** Between a server's id and its own prompt name; neither a capsule id nor a server id nor a command has one. */
  private static final String SERVER_SEPARATOR = "/";
  /** The kind of a server's resource in its URI, beside {@code context} and {@code skill}. */
  private static final String MCP_KIND = "mcp";

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

  /**
   * The MCP prompt name of prompt {@code prompt} of MCP server {@code serverId} of capsule {@code capsuleId}:
   * {@code ID_SERVER/PROMPT}. A command's name has no slash, so it never collides with a command's prompt.
   */
  static String serverPrompt(String capsuleId, String serverId, String prompt) {
    return capsuleId + SEPARATOR + serverId + SERVER_SEPARATOR + prompt;
  }

  /**
   * The URI of resource {@code uri} of MCP server {@code serverId} of capsule {@code capsuleId}:
   * {@code capsule://ID/mcp/SERVER/URI}, the server's own URI as it is after the prefix (templates alike).
   */
  static String serverResource(String capsuleId, String serverId, String uri) {
    return resource(capsuleId, MCP_KIND, serverId + SERVER_SEPARATOR + uri);
  }

  /** {@code [capsuleId, serverId, uri]} of a URI {@link #serverResource} made; empty for any other. */
  static Optional<String[]> splitServerResource(String uri) {
    Optional<String> capsule = resourceCapsule(uri);
    if (capsule.isEmpty()) {
      return Optional.empty();
    }
    String prefix = RESOURCE_SCHEME + capsule.get() + "/" + MCP_KIND + "/";
    int slash = uri.indexOf(SERVER_SEPARATOR, prefix.length());
    return uri.startsWith(prefix) && slash > prefix.length() && slash < uri.length() - 1
        ? Optional.of(new String[] {capsule.get(), uri.substring(prefix.length(), slash), uri.substring(slash + 1)})
        : Optional.empty();
  }

  /** {@code [capsuleId, serverId, prompt]} of a name {@link #serverPrompt} made; empty for any other. */
  static Optional<String[]> splitServerPrompt(String mcpName) {
    return split(mcpName).flatMap(parts -> {
      int slash = parts[1].indexOf(SERVER_SEPARATOR);
      return slash > 0 && slash < parts[1].length() - 1 ? Optional.of(new String[] {parts[0],
          parts[1].substring(0, slash), parts[1].substring(slash + 1)}) : Optional.empty();
    });
  }
}
