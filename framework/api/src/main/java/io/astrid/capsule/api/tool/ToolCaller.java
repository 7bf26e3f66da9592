package io.astrid.capsule.api.tool;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The client a tool call came from, reachable while the call runs: for the approvals its human
 * gives, the call's progress and log messages, and the requests a tool's server makes of the
 * client during the call (MCP {@code sampling/createMessage}, {@code elicitation/create}).
 * Implemented by whoever calls tools for a client (the MCP gateway).
 *
 * <p>It travels with the call as the scoped value {@link #CURRENT}: the caller binds it around
 * {@link io.astrid.capsule.api.runtime.CapsuleRegistry#call} ({@code ScopedValue.where(CURRENT,
 * caller).call(...)}). The pipeline runs the tool on its caller's thread, so the engine and the
 * security gate, judging host calls made on that thread, see it with {@link #current()}. An engine
 * that serves a call on other threads (the MCP engine reads its server's messages on a reader
 * thread) takes the caller with {@link #current()} when the call starts and hands it over itself.
 * A call no client made (the CLI, cron, a capsule's own) has none.
 *
 * <p>A caller implements what its client supports; the defaults are those of a client that supports
 * nothing: it cannot ask, drops progress and log messages, and refuses requests.
 *
 * <p>Thread-safe: any thread may use it while the call runs; after the call it may refuse.
 */
@ConsumerType
public interface ToolCaller {
  /** The caller of the tool call running on this thread, bound for the extent of the call. */
  ScopedValue<ToolCaller> CURRENT = ScopedValue.newInstance();

  /** The caller of the tool call running on this thread, if a client made it. */
  static Optional<ToolCaller> current() {
    return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
  }

  /** Who the caller is, for logs and the audit (for instance {@code mcp client [claude-code 1.2]}). */
  String name();

  /**
   * Whether {@link #ask} reaches a human: the client said it can ask its user (MCP: it declared
   * the {@code elicitation} capability). When false, the runtime's own approvers are asked.
   */
  default boolean canAsk() {
    return false;
  }

  /**
   * Asks the caller's human and waits for the answer.
   *
   * @return the answer, or empty when none came within {@code timeout}
   * @throws ToolCallerException when the human or the client declined to answer, cancelled, or the
   *     client cannot be reached; the message says which
   */
  default Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
    return Optional.empty();
  }

  /**
   * Reports the call's progress (MCP {@code notifications/progress}); dropped when the client asked
   * for none.
   *
   * @param progress how far the call is, increasing with every report
   * @param total the progress at completion, or {@code NaN} when unknown
   * @param message what is being done, or null
   */
  default void progress(double progress, double total, String message) {}

  /**
   * A log message of the call (MCP {@code notifications/message}); dropped below the level the
   * client set.
   *
   * @param level an MCP log level ({@code debug} ... {@code emergency})
   * @param logger the logger's name, or null
   * @param data the message: a JSON value as plain Java objects (see the package description)
   */
  default void log(String level, String logger, Object data) {}

  /**
   * Sends the client a request during the call and waits for its result.
   *
   * @param method an MCP client method ({@code sampling/createMessage}, {@code elicitation/create},
   *     {@code roots/list})
   * @param params its parameters as plain Java objects
   * @return the client's result as plain Java objects
   * @throws ToolCallerException when the client did not declare the capability the method needs,
   *     answered with an error, or gave no answer within {@code timeout}; its {@code code} is the
   *     JSON-RPC error code to pass on
   */
  default Map<String, Object> request(String method, Map<String, Object> params, Duration timeout) {
    throw new ToolCallerException(ToolCallerException.METHOD_NOT_FOUND, method + " refused [" + name()
        + "]: the client takes no requests");
  }
}
