package io.astrid.capsule.engine.jvm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.jvm.HookHandler;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.tool.InterceptorDecision;
import io.astrid.capsule.api.tool.McpResults;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import io.astrid.capsule.api.tool.ToolResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A capsule's {@link ToolCallInterceptor} (the hook SPI before issue 18) as its {@link HookHandler}:
 * {@code BeforeToolCall} and {@code AfterToolCall} read from and answered in the payload a wasm
 * guest gets. It runs once per call: for the first {@code [[interceptor]]} of each event only, as
 * a second one of the same event would otherwise call it twice.
 */
final class ToolCallHandler implements HookHandler {
  private static final Set<InterceptorEvent> EVENTS = Set.of(InterceptorEvent.BeforeToolCall,
      InterceptorEvent.AfterToolCall);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ToolCallInterceptor interceptor;
  private final Map<InterceptorEvent, Interceptor> first = new EnumMap<>(InterceptorEvent.class);

  /**
   * @throws CapsuleException when the manifest declares an event the interceptor cannot see:
   *     {@code [[interceptor]] EVENT of JVM capsule [ID]: its CapsuleHookProvider offers a
   *     ToolCallInterceptor, which sees BeforeToolCall and AfterToolCall only; offer a HookHandler}
   */
  ToolCallHandler(String capsuleId, ToolCallInterceptor interceptor, List<Interceptor> declared) {
    this.interceptor = interceptor;
    for (Interceptor each : declared) {
      if (!EVENTS.contains(each.event())) {
        throw new CapsuleException("[[interceptor]] " + each.event() + " of JVM capsule [" + capsuleId
            + "]: its CapsuleHookProvider offers a ToolCallInterceptor, which sees BeforeToolCall and"
            + " AfterToolCall only; offer a HookHandler");
      }
      first.putIfAbsent(each.event(), each);
    }
  }

  @Override
  public Map<String, Object> trigger(Interceptor declared, Map<String, Object> event) {
    if (first.get(declared.event()) != declared) {
      return Map.of();
    }
    ToolCall call = call(event);
    return switch (declared.event()) {
      case BeforeToolCall -> switch (interceptor.beforeToolCall(call)) {
        case InterceptorDecision.Deny deny -> Map.of("deny", deny.reason());
        case InterceptorDecision.Proceed proceed -> Map.of("arguments", proceed.arguments());
      };
      case AfterToolCall -> {
        ToolResult given = McpResults.fromJson((Map<?, ?>) event.get("result"), ToolCallHandler::jsonText);
        ToolResult after = interceptor.afterToolCall(call, given);
        yield after == given ? Map.of() : Map.of("result", McpResults.toJson(after));
      }
      default -> throw new IllegalStateException("event [" + declared.event() + "]: refused at load");
    };
  }

  /** The call the payload describes: {@code tool} is {@code capsule:CAPSULE:NAME}. */
  @SuppressWarnings("unchecked")
  private static ToolCall call(Map<String, Object> event) {
    String capsule = (String) event.get("capsule");
    String tool = ((String) event.get("tool")).substring(ToolCall.qualifiedName(capsule, "").length());
    return new ToolCall(capsule, tool, (Map<String, Object>) event.get("arguments"));
  }

  /** A result item of a type ToolResult does not know, kept as its JSON (as {@link McpResults#fromJson} asks). */
  private static String jsonText(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a value of the tool result cannot be written as JSON", e);
    }
  }
}
