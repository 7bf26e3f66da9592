package io.astrid.capsule.api.tool;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One call on its way through the pipeline, as interceptors see it.
 *
 * <p>A call of a plugin's export by name ({@code capsule invoke}) passes the same interceptors as
 * a tool call: its {@code toolName} is {@link #EXPORT_PREFIX} followed by the export's name
 * ({@code export:count_vowels}, never a tool's name, as tool names have no colon) and its
 * {@code arguments} are {@code {"input": TEXT}}, the input as UTF-8 text (malformed bytes read as
 * U+FFFD). See {@link ToolCallInterceptor} for what an interceptor may do with one.
 *
 * @param capsuleId the capsule providing the tool
 * @param toolName the tool's name within the capsule, or {@code export:NAME} for an export call
 * @param arguments the JSON arguments (after earlier interceptors' rewrites)
 */
public record ToolCall(String capsuleId, String toolName, Map<String, Object> arguments) {
  /** The prefix of every qualified tool name. */
  public static final String QUALIFIED_PREFIX = "capsule:";

  /** The prefix of {@link #toolName()} for a call of a plugin's export by name. */
  public static final String EXPORT_PREFIX = "export:";

  /** The argument of an export call holding its input as text. */
  public static final String EXPORT_INPUT = "input";

  public ToolCall {
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(toolName, "toolName");
    requireNonNull(arguments, "arguments");
  }

  /** A call of export {@code export} of the capsule's plugin with {@code input} (as text). */
  public static ToolCall ofExport(String capsuleId, String export, String input) {
    return new ToolCall(capsuleId, EXPORT_PREFIX + export, Map.of(EXPORT_INPUT, input));
  }

  /** Whether this is a call of a plugin's export by name rather than of a tool. */
  public boolean isExportCall() {
    return toolName.startsWith(EXPORT_PREFIX);
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
