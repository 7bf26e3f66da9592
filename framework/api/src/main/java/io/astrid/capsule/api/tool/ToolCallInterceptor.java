package io.astrid.capsule.api.tool;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook around every tool call (the {@code BeforeToolCall} and {@code AfterToolCall} events).
 * Register an implementation as an OSGi service; interceptors run in service-ranking order
 * (highest first) before the call, and in the same order after it.
 *
 * <p>Before: the first {@link InterceptorDecision.Deny} stops the call; a
 * {@link InterceptorDecision.Proceed} passes its (possibly rewritten) arguments on, and the
 * rewritten arguments are validated against the tool's schema again. After: each interceptor
 * may replace the result. An interceptor that throws denies the call (before) or leaves the
 * result as it was (after); either way the failure is logged.
 *
 * <p>Which calls an interceptor sees depends on {@value #CAPSULE_ID_PROPERTY}: an interceptor
 * registered with it belongs to that capsule and sees the calls of that capsule's own tools (and exports), and
 * of the capsules its {@code [capabilities] intercept} names ({@code *}: every capsule's). An
 * interceptor registered without it is the host's own and sees every call.
 *
 * <p>Calls of a plugin's exports by name ({@link ToolCall#isExportCall()}) pass the interceptors
 * too, so a policy cannot be bypassed by calling an export instead of a tool. Before: a deny
 * stops the call; a rewritten {@code input} (it must stay a string) is the input the export gets.
 * After: the result is the output as a text item (UTF-8, malformed bytes as U+FFFD) or the
 * failure as an error; a replacement becomes the caller's output (its text items, UTF-8
 * encoded) or failure.
 */
@ConsumerType
public interface ToolCallInterceptor {
  /**
   * Service property (String, optional): the id of the capsule this interceptor belongs to. An
   * engine registering a capsule's interceptors must set it.
   */
  String CAPSULE_ID_PROPERTY = "capsule.id";

  /** Called before the tool runs. The default lets the call proceed unchanged. */
  default InterceptorDecision beforeToolCall(ToolCall call) {
    return InterceptorDecision.proceed(call.arguments());
  }

  /** Called after the tool returned (or failed, or timed out). The default keeps the result. */
  default ToolResult afterToolCall(ToolCall call, ToolResult result) {
    return result;
  }
}
