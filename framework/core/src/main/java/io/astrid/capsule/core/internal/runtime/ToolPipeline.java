package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.tool.InterceptorDecision;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import io.astrid.capsule.api.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way every tool call goes: arguments checked against the schema, the interceptors before
 * (any may deny; a rewrite is checked again), the tool on a thread of its own under the per-call
 * timeout (interrupted when it runs over), the interceptors after. Every failure becomes an error
 * result that names the tool and what went wrong.
 */
final class ToolPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ToolPipeline.class);

  private final Function<String, List<ToolCallInterceptor>> interceptors;
  private final Duration timeout;
  private final ExecutorService executor;
  private final ArgumentSchemas schemas = new ArgumentSchemas();

  /**
   * @param interceptors the interceptors that see a call of a tool of the capsule with the given id,
   *     in the order they run, asked afresh for every call
   * @param timeout the longest a tool may run
   * @param executor runs the tools; virtual threads suit calls that wait on processes or sockets
   */
  ToolPipeline(Function<String, List<ToolCallInterceptor>> interceptors, Duration timeout, ExecutorService executor) {
    this.interceptors = interceptors;
    this.timeout = timeout;
    this.executor = executor;
  }

  ToolResult call(RegisteredTool tool, Map<String, Object> arguments) {
    String name = tool.qualifiedName();
    Optional<String> invalid = schemas.problems(tool.tool(), arguments);
    if (invalid.isPresent()) {
      return ToolResult.error("invalid arguments for tool [" + name + "]: " + invalid.get());
    }
    ToolCall call = new ToolCall(tool.capsuleId(), tool.tool().name(), arguments);
    List<ToolCallInterceptor> chain = interceptors.apply(tool.capsuleId());
    for (ToolCallInterceptor interceptor : chain) {
      InterceptorDecision decision = before(interceptor, call);
      if (decision instanceof InterceptorDecision.Deny deny) {
        return ToolResult.error("tool [" + name + "] denied: " + deny.reason());
      }
      Map<String, Object> rewritten = ((InterceptorDecision.Proceed) decision).arguments();
      if (!rewritten.equals(call.arguments())) {
        Optional<String> stillInvalid = schemas.problems(tool.tool(), rewritten);
        if (stillInvalid.isPresent()) {
          return ToolResult.error("invalid arguments for tool [" + name + "] after an interceptor rewrote them: "
              + stillInvalid.get());
        }
        call = new ToolCall(call.capsuleId(), call.toolName(), rewritten);
      }
    }
    ToolResult result = invoke(tool, call.arguments());
    for (ToolCallInterceptor interceptor : chain) {
      result = after(interceptor, call, result);
    }
    return result;
  }

  private ToolResult invoke(RegisteredTool tool, Map<String, Object> arguments) {
    String name = tool.qualifiedName();
    Future<ToolResult> running = executor.submit(() -> tool.tool().call(arguments));
    try {
      ToolResult result = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return result != null ? result : ToolResult.error("tool [" + name + "] returned no result");
    } catch (TimeoutException e) {
      running.cancel(true);
      return ToolResult.error("tool [" + name + "] timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      LOG.debug("tool [{}] failed", name, cause);
      return ToolResult.error("tool [" + name + "] failed: " + CompositeCapsule.describe(cause));
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      return ToolResult.error("tool [" + name + "] was interrupted");
    }
  }

  private static InterceptorDecision before(ToolCallInterceptor interceptor, ToolCall call) {
    try {
      InterceptorDecision decision = interceptor.beforeToolCall(call);
      return decision != null ? decision : InterceptorDecision.deny(interceptor.getClass().getName()
          + " returned no decision");
    } catch (RuntimeException e) {
      LOG.warn("interceptor [{}] failed before tool [{}]", interceptor.getClass().getName(), call.qualifiedName(), e);
      return InterceptorDecision.deny("interceptor " + interceptor.getClass().getName() + " failed: "
          + CompositeCapsule.describe(e));
    }
  }

  private static ToolResult after(ToolCallInterceptor interceptor, ToolCall call, ToolResult result) {
    try {
      ToolResult replaced = interceptor.afterToolCall(call, result);
      return replaced != null ? replaced : result;
    } catch (RuntimeException e) {
      LOG.warn("interceptor [{}] failed after tool [{}]", interceptor.getClass().getName(), call.qualifiedName(), e);
      return result;
    }
  }
}
