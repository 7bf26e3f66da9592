package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.PluginExports;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.InterceptorDecision;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolCallInterceptor;
import io.astrid.capsule.api.tool.TextContent;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way every tool call goes: arguments checked against the schema, the interceptors before
 * (any may deny; a rewrite is checked again), the tool on the caller's thread under the per-call
 * timeout (the thread is interrupted when the call runs over; time spent waiting for a human's
 * approval is not counted), the interceptors after. Every failure becomes an error result that names the tool and
 * what went wrong. A call of a plugin's export by name goes the
 * same way (issue 20 finding 7), so that it cannot bypass the interceptors or the timeout.
 */
final class ToolPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ToolPipeline.class);

  private final Function<String, List<ToolCallInterceptor>> interceptors;
  private final CallDeadlines deadlines;
  private final ArgumentSchemas schemas = new ArgumentSchemas();

  /** The arguments an export call may have after a rewrite: its input, as a string. */
  private static final CapsuleTool EXPORT_INPUT = new CapsuleTool() {
    private final Map<String, Object> schema = Map.of("type", "object",
        "properties", Map.of(ToolCall.EXPORT_INPUT, Map.of("type", "string")),
        "required", List.of(ToolCall.EXPORT_INPUT), "additionalProperties", false);

    @Override
    public String name() {
      return "export";
    }

    @Override
    public String description() {
      return "the input of an export call";
    }

    @Override
    public Map<String, Object> inputSchema() {
      return schema;
    }

    @Override
    public ToolResult call(Map<String, Object> arguments) {
      throw new UnsupportedOperationException("a schema only");
    }
  };

  /** A call stopped before it ran: its message is the whole reason. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param interceptors the interceptors that see a call of the capsule with the given id, in the
   *     order they run, asked afresh for every call
   * @param deadlines times the calls, which run on their callers' threads; owned by the caller
   */
  ToolPipeline(Function<String, List<ToolCallInterceptor>> interceptors, CallDeadlines deadlines) {
    this.interceptors = interceptors;
    this.deadlines = deadlines;
  }

  ToolResult call(RegisteredTool tool, Map<String, Object> arguments) {
    String name = "tool [" + tool.qualifiedName() + "]";
    Optional<String> invalid = schemas.problems(tool.tool(), arguments);
    if (invalid.isPresent()) {
      return ToolResult.error("invalid arguments for " + name + ": " + invalid.get());
    }
    List<ToolCallInterceptor> chain = interceptors.apply(tool.capsuleId());
    ToolCall call;
    try {
      call = before(chain, new ToolCall(tool.capsuleId(), tool.tool().name(), arguments), tool.tool(), name);
    } catch (Refused e) {
      return ToolResult.error(e.getMessage());
    }
    Map<String, Object> approved = call.arguments();
    return after(chain, call, run(() -> tool.tool().call(approved), name));
  }

  /**
   * Calls an export of a capsule's plugin the way a tool is called: the interceptors see it as
   * {@link ToolCall#ofExport} (a rewritten input must stay a string), it runs under the timeout,
   * and the interceptors after it see the output as text and may replace it.
   *
   * @throws CapsuleException {@code export [NAME] of capsule [ID] ...: why} when denied or failed
   */
  byte[] invoke(String capsuleId, PluginExports exports, String export, byte[] input) {
    String name = "export [" + export + "] of capsule [" + capsuleId + "]";
    List<ToolCallInterceptor> chain = interceptors.apply(capsuleId);
    ToolCall asked = ToolCall.ofExport(capsuleId, export, new String(input, StandardCharsets.UTF_8));
    ToolCall call;
    try {
      call = before(chain, asked, EXPORT_INPUT, name);
    } catch (Refused e) {
      throw new CapsuleException(e.getMessage());
    }
    byte[] given = call == asked ? input : text(call).getBytes(StandardCharsets.UTF_8);
    AtomicReference<byte[]> output = new AtomicReference<>();
    ToolResult result = run(() -> {
      output.set(exports.call(export, given));
      return ToolResult.text(new String(output.get(), StandardCharsets.UTF_8));
    }, name);
    ToolResult seen = after(chain, call, result);
    if (seen.isError()) {
      throw new CapsuleException(text(seen));
    }
    // Unless an interceptor replaced it, the bytes as the plugin wrote them: not all output is text.
    return seen == result ? output.get() : text(seen).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The interceptors before a call: the call as the last one let it proceed, its arguments valid
   * against {@code schema} again after a rewrite.
   *
   * @throws Refused {@code NAME denied: why}, or the rewritten arguments' problems
   */
  private ToolCall before(List<ToolCallInterceptor> chain, ToolCall call, CapsuleTool schema, String name)
      throws Refused {
    for (ToolCallInterceptor interceptor : chain) {
      InterceptorDecision decision = before(interceptor, call);
      if (decision instanceof InterceptorDecision.Deny deny) {
        throw new Refused(name + " denied: " + deny.reason());
      }
      Map<String, Object> rewritten = ((InterceptorDecision.Proceed) decision).arguments();
      if (!rewritten.equals(call.arguments())) {
        Optional<String> stillInvalid = schemas.problems(schema, rewritten);
        if (stillInvalid.isPresent()) {
          throw new Refused("invalid arguments for " + name + " after an interceptor rewrote them: "
              + stillInvalid.get());
        }
        call = new ToolCall(call.capsuleId(), call.toolName(), rewritten);
      }
    }
    return call;
  }

  private static ToolResult after(List<ToolCallInterceptor> chain, ToolCall call, ToolResult result) {
    for (ToolCallInterceptor interceptor : chain) {
      result = after(interceptor, call, result);
    }
    return result;
  }

  /**
   * Runs {@code work} on the calling thread under the timeout: the {@link CallDeadlines} watchdog
   * interrupts the thread when the call runs over. A failure is an error result naming the call.
   */
  private ToolResult run(Callable<ToolResult> work, String name) {
    if (Thread.currentThread().isInterrupted()) {
      return ToolResult.error(name + " was interrupted");
    }
    CallDeadlines.Call call = deadlines.start();
    ToolResult result;
    boolean over;
    try {
      result = work.call();
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      // A tool's own bug (or a capsule's missing class) fails that call alone, as it did when calls
      // ran on threads of their own; other VM errors are the runtime's and propagate.
      LOG.debug("{} failed", name, e);
      result = ToolResult.error(name + " failed: " + CompositeCapsule.describe(e));
    } finally {
      over = call.end();
    }
    if (over) {
      return ToolResult.error(name + " timed out after " + call.timeout().toMillis() + " ms");
    }
    if (Thread.currentThread().isInterrupted()) {
      // Interrupted by its caller (a cancelled request), not by the timeout: the flag stays set.
      return ToolResult.error(name + " was interrupted");
    }
    return result != null ? result : ToolResult.error(name + " returned no result");
  }

  /** The text items of {@code result}, joined by line feeds. */
  private static String text(ToolResult result) {
    return String.join("\n", result.content().stream()
        .map(item -> item instanceof TextContent t ? t.text() : "").toList());
  }

  /** The input of an export call as an interceptor left it. */
  private static String text(ToolCall call) {
    return (String) call.arguments().get(ToolCall.EXPORT_INPUT);
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
