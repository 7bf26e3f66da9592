package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.tool.InterceptorDecision;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import io.astrid.capsule.api.tool.ToolResult;
import java.util.List;
import java.util.Map;

/**
 * A JVM capsule's interceptors, from its {@code CapsuleHookProvider}s, as the one interceptor the
 * engine registers for the capsule: each runs with the capsule's loader as the context loader, and
 * only for the events the manifest's {@code [[interceptor]]}s declare. Before, they run in
 * provider order and the first denial stops the call, named after the capsule as a wasm capsule's
 * is; a rewrite is what the next one sees. After, each may replace the result.
 */
final class JvmHooks implements ToolCallInterceptor {
  private final String capsuleId;
  private final List<ToolCallInterceptor> hooks;
  private final ClassLoader loader;
  private final boolean before;
  private final boolean after;

  JvmHooks(String capsuleId, List<ToolCallInterceptor> hooks, List<Interceptor> declared, ClassLoader loader) {
    this.capsuleId = capsuleId;
    this.hooks = List.copyOf(hooks);
    this.loader = loader;
    this.before = declared.stream().anyMatch(i -> i.event() == InterceptorEvent.BeforeToolCall);
    this.after = declared.stream().anyMatch(i -> i.event() == InterceptorEvent.AfterToolCall);
  }

  /** True when the manifest declares an event these hooks are called for. */
  static boolean declares(List<Interceptor> declared) {
    return declared.stream().anyMatch(i -> i.event() == InterceptorEvent.BeforeToolCall
        || i.event() == InterceptorEvent.AfterToolCall);
  }

  @Override
  public InterceptorDecision beforeToolCall(ToolCall call) {
    Map<String, Object> arguments = call.arguments();
    if (!before) {
      return InterceptorDecision.proceed(arguments);
    }
    for (ToolCallInterceptor hook : hooks) {
      ToolCall seen = new ToolCall(call.capsuleId(), call.toolName(), arguments);
      InterceptorDecision decision = ContextLoader.run(loader, () -> hook.beforeToolCall(seen));
      switch (decision) {
        case InterceptorDecision.Deny deny -> {
          return InterceptorDecision.deny(capsuleId + ": " + deny.reason());
        }
        case InterceptorDecision.Proceed proceed -> arguments = proceed.arguments();
      }
    }
    return InterceptorDecision.proceed(arguments);
  }

  @Override
  public ToolResult afterToolCall(ToolCall call, ToolResult result) {
    ToolResult current = result;
    if (after) {
      for (ToolCallInterceptor hook : hooks) {
        ToolResult given = current;
        current = ContextLoader.run(loader, () -> hook.afterToolCall(call, given));
      }
    }
    return current;
  }
}
