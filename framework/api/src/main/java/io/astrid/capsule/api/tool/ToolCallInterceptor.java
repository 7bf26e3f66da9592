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
 * registered with it belongs to that capsule and sees the calls of that capsule's own tools, and
 * of the capsules its {@code [capabilities] intercept} names ({@code *}: every capsule's). An
 * interceptor registered without it is the host's own and sees every call.
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
