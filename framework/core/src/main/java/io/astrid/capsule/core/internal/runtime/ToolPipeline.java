package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.security.HumanWait;
import io.astrid.capsule.api.tool.InterceptorDecision;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import io.astrid.capsule.api.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * timeout (interrupted when it runs over; time spent waiting for a human's approval is not
 * counted), the interceptors after. Every failure becomes an error
 * result that names the tool and what went wrong.
 */
final class ToolPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ToolPipeline.class);
  /** The shortest wait for a result: a call with little time left, paused for a human, is not polled in a spin. */
  private static final long RECHECK_MS = 10;

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
    CompletableFuture<Worker> worker = new CompletableFuture<>();
    Future<ToolResult> running = executor.submit(() -> {
      worker.complete(Worker.current());
      return tool.tool().call(arguments);
    });
    try {
      ToolResult result = await(running, worker);
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

  /** The thread running a tool, and how long it had waited for humans when the tool started. */
  private record Worker(HumanWait waits, long waitedBefore) {
    static Worker current() {
      HumanWait waits = HumanWait.ofCurrentThread();
      return new Worker(waits, waits.waitedNanos(System.nanoTime()));
    }

    long waitedSince(long now) {
      return waits.waitedNanos(now) - waitedBefore;
    }
  }

  /**
   * The tool's result within the timeout of call time, which excludes the time the tool's thread
   * waits for a human to approve one of its host calls (issue 20: the approval timeout bounds
   * that). Each wait lasts the call time left, which is never more than the wall time left, so
   * the timeout fires on time (late by {@value #RECHECK_MS} ms at most when little was left).
   */
  private ToolResult await(Future<ToolResult> running, CompletableFuture<Worker> worker)
      throws InterruptedException, ExecutionException, TimeoutException {
    long start = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      long used = now - start - (worker.isDone() ? worker.join().waitedSince(now) : 0);
      long left = timeout.toNanos() - used;
      if (left <= 0) {
        throw new TimeoutException();
      }
      try {
        return running.get(Math.max(left, TimeUnit.MILLISECONDS.toNanos(RECHECK_MS)), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // Not necessarily over time: part of it may have been a human's.
      }
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
