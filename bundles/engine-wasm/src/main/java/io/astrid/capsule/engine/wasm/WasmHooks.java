package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.tool.InterceptorDecision;
import io.astrid.capsule.api.tool.McpResults;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import io.astrid.capsule.api.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A capsule's {@code BeforeToolCall} and {@code AfterToolCall} interceptors: each runs the export
 * {@code astrid_hook_trigger} with {@code {"event", "action", "tool", "arguments"}} (and
 * {@code "result"} after). Before, the guest answers nothing (go on), {@code {"deny": "why"}} or
 * {@code {"arguments": {...}}} (go on with these); after, nothing or a replacement result. A hook
 * that fails throws, which the pipeline turns into a denial (before) or ignores (after).
 */
final class WasmHooks implements ToolCallInterceptor {
  static final String HOOK_EXPORT = "astrid_hook_trigger";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String capsuleId;
  private final List<Interceptor> before;
  private final List<Interceptor> after;
  private final BiFunction<String, byte[], byte[]> guest;

  WasmHooks(String capsuleId, List<Interceptor> interceptors, BiFunction<String, byte[], byte[]> guest) {
    this.capsuleId = capsuleId;
    this.before = interceptors.stream().filter(i -> i.event() == InterceptorEvent.BeforeToolCall).toList();
    this.after = interceptors.stream().filter(i -> i.event() == InterceptorEvent.AfterToolCall).toList();
    this.guest = guest;
  }

  @Override
  @SuppressWarnings("unchecked")
  public InterceptorDecision beforeToolCall(ToolCall call) {
    Map<String, Object> arguments = call.arguments();
    for (Interceptor hook : before) {
      JsonNode answer = trigger(hook, call, arguments, null);
      if (answer.hasNonNull("deny")) {
        return new InterceptorDecision.Deny(capsuleId + ": " + answer.get("deny").asText());
      }
      if (answer.path("arguments").isObject()) {
        arguments = JSON.convertValue(answer.get("arguments"), Map.class);
      }
    }
    return new InterceptorDecision.Proceed(arguments);
  }

  @Override
  public ToolResult afterToolCall(ToolCall call, ToolResult result) {
    ToolResult current = result;
    for (Interceptor hook : after) {
      JsonNode answer = trigger(hook, call, call.arguments(), current);
      if (answer.has("content")) {
        current = GuestResults.of(answer);
      }
    }
    return current;
  }

  /** The guest's answer as JSON: an empty object when it said nothing. */
  private JsonNode trigger(Interceptor hook, ToolCall call, Map<String, Object> arguments, ToolResult result) {
    ObjectNode input = JSON.createObjectNode().put("event", hook.event().name())
        .put("action", hook.action().orElse(hook.event().name())).put("tool", call.qualifiedName());
    input.set("arguments", JSON.valueToTree(arguments));
    if (result != null) {
      input.set("result", JSON.valueToTree(McpResults.toJson(result)));
    }
    byte[] output = guest.apply(HOOK_EXPORT, input.toString().getBytes(StandardCharsets.UTF_8));
    if (output.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode answer = JSON.readTree(output);
      if (answer == null || !answer.isObject()) {
        throw new WasmCallException(HOOK_EXPORT + " of [" + capsuleId + "]: the answer is not a JSON object");
      }
      return answer;
    } catch (IOException e) {
      throw new WasmCallException(HOOK_EXPORT + " of [" + capsuleId + "]: the answer is not JSON: "
          + new String(output, StandardCharsets.UTF_8), e);
    }
  }
}
