package io.astrid.capsule.core.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.tool.InterceptorDecision;
import io.astrid.capsule.api.tool.McpResults;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import io.astrid.capsule.api.tool.ToolResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A capsule's hook in the tool pipeline: {@code BeforeToolCall} with {@code {"tool", "arguments"}}
 * (a rewrite is of {@code arguments}), then after the call {@code ToolError} when the result is an
 * error and {@code AfterToolCall}, both with {@code "result"} added as MCP writes a tool result (a
 * replacement is of {@code result}). Answers and failures mean what {@link HookCalls} says.
 */
final class HookInterceptor implements ToolCallInterceptor {
  private static final String ARGUMENTS = "arguments";
  private static final String RESULT = "result";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HookChain.OwnedHook hook;
  private final HookCalls calls;

  HookInterceptor(Optional<String> owner, CapsuleHook hook, HookCalls calls) {
    this.hook = new HookChain.OwnedHook(owner, hook);
    this.calls = calls;
  }

  @Override
  @SuppressWarnings("unchecked")
  public InterceptorDecision beforeToolCall(ToolCall call) {
    InterceptorDecision decision = calls.raise(hook, InterceptorEvent.BeforeToolCall, payload(call, null),
        Optional.of(ARGUMENTS));
    return decision instanceof InterceptorDecision.Proceed proceed
        ? InterceptorDecision.proceed((Map<String, Object>) proceed.arguments().get(ARGUMENTS)) : decision;
  }

  @Override
  public ToolResult afterToolCall(ToolCall call, ToolResult result) {
    Map<String, Object> payload = payload(call, result);
    if (result.isError()) {
      calls.raise(hook, InterceptorEvent.ToolError, payload, Optional.empty());
    }
    Object given = payload.get(RESULT);
    Object after = ((InterceptorDecision.Proceed) calls.raise(hook, InterceptorEvent.AfterToolCall, payload,
        Optional.of(RESULT))).arguments().get(RESULT);
    return after == given ? result : McpResults.fromJson((Map<?, ?>) after, HookInterceptor::jsonText);
  }

  private static Map<String, Object> payload(ToolCall call, ToolResult result) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("capsule", call.capsuleId());
    payload.put("tool", call.qualifiedName());
    payload.put(ARGUMENTS, call.arguments());
    if (result != null) {
      payload.put(RESULT, McpResults.toJson(result));
    }
    return payload;
  }

  /** A replacement result's item of unknown type, kept as its JSON (as {@link McpResults#fromJson} asks). */
  private static String jsonText(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a value of the replacement result cannot be written as JSON", e);
    }
  }

  @Override
  public String toString() {
    return "hooks of capsule [" + hook.owner().orElse("host") + "]";
  }
}
