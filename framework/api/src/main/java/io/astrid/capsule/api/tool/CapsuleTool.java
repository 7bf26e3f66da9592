package io.astrid.capsule.api.tool;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A tool an engine provides. Implemented by engines; called by the runtime's pipeline, which has
 * already validated the arguments against {@link #inputSchema()}, run the interceptors and
 * applied the per-call timeout.
 *
 * <p>Threading: {@link #call} may be invoked from several threads at once; an engine that cannot
 * run calls concurrently serialises them itself. On timeout the calling thread is interrupted.
 */
@ConsumerType
public interface CapsuleTool {

  /** The tool's name within its capsule (the MCP tool-name rule: letters, digits, {@code _-.}). */
  String name();

  /** What the tool does, for the model. */
  String description();

  /** A JSON Schema (draft 2020-12) object for the arguments, as plain Java values. */
  Map<String, Object> inputSchema();

  /**
   * Runs the tool.
   *
   * @param arguments the JSON arguments object, valid against the input schema
   * @return the result; a failure the model should see is {@link ToolResult#error}
   * @throws Exception for failures the tool did not expect; the pipeline turns them into an
   *     error result naming the tool and the cause
   */
  ToolResult call(Map<String, Object> arguments) throws Exception;
}
