package io.astrid.capsule.api.tool;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One call on its way through the pipeline, as interceptors see it.
 *
 * @param capsuleId the capsule providing the tool
 * @param toolName the tool's name within the capsule
 * @param arguments the JSON arguments (after earlier interceptors' rewrites)
 */
public record ToolCall(String capsuleId, String toolName, Map<String, Object> arguments) {
  /** The prefix of every qualified tool name. */
  public static final String QUALIFIED_PREFIX = "capsule:";

  public ToolCall {
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(toolName, "toolName");
    requireNonNull(arguments, "arguments");
  }

  /** {@code capsule:{capsuleId}:{toolName}}. */
  public String qualifiedName() {
    return qualifiedName(capsuleId, toolName);
  }

  /** {@code capsule:{capsuleId}:{toolName}}. */
  public static String qualifiedName(String capsuleId, String toolName) {
    return QUALIFIED_PREFIX + capsuleId + ":" + toolName;
  }
}
