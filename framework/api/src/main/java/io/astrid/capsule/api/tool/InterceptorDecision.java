package io.astrid.capsule.api.tool;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** What a {@link ToolCallInterceptor} decides before a call: go on (perhaps with new arguments), or deny. */
public sealed interface InterceptorDecision {

  /** Go on with {@code arguments} (the same ones, or a rewrite). */
  record Proceed(Map<String, Object> arguments) implements InterceptorDecision {
    public Proceed {
      requireNonNull(arguments, "arguments");
    }
  }

  /** Stop the call; the caller gets an error result with {@code reason}. */
  record Deny(String reason) implements InterceptorDecision {
    public Deny {
      requireNonNull(reason, "reason");
    }
  }

  static InterceptorDecision proceed(Map<String, Object> arguments) {
    return new Proceed(arguments);
  }

  static InterceptorDecision deny(String reason) {
    return new Deny(reason);
  }
}
