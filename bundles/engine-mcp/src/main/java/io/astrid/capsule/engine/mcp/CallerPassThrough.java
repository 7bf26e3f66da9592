package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolCallerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What one MCP server sends about the calls running on it, passed to the clients that made them
 * ({@link ToolCaller}): progress, log messages, and the requests a server makes of its client
 * during a call ({@code sampling/createMessage}, {@code elicitation/create}).
 *
 * <p>Progress names its call by the progress token the runtime gave it. A request names its call
 * when it carries that token as {@code _meta.progressToken} (issue 18); MCP gives requests and log
 * messages no other link to a request except an HTTP stream of its own, which stdio lacks. So a
 * request naming no running call's token, and every log message, goes to the caller of the one call
 * running on the server; with none or several running, a log message is only logged and such a
 * request is refused, saying why; an {@code elicitation/create} that no client can answer goes to the
 * runtime's approver instead ({@link ApproverElicitation}). Every request of the server is answered:
 * ping, {@code roots/list} (the workspace), the requests passed on, an error for any other. Thread-safe.
 */
final class CallerPassThrough {
  /** The requests a server may make of its client during a call that are passed on to that client. */
  private static final java.util.Set<String> PASSED_ON = java.util.Set.of("sampling/createMessage",
      "elicitation/create");

  private final String capsuleId;
  private final String serverId;
  private final ProviderSampling sampling;
  private final ApproverElicitation elicitation;
  /** The answer to {@code roots/list}: the workspace, the one directory the runtime's capsules work in. */
  private final JsonNode roots;
  private final Supplier<Duration> requestTimeout;
  private final Logger log;
  private final AtomicLong tokens = new AtomicLong();
  private final Map<String, ToolCaller> running = new ConcurrentHashMap<>();

  /**
   * @param requestTimeout how long a request passed on waits for the client's answer, as configured now
   * @param workspace the root {@code roots/list} answers with
   * @param sampling answers sampling requests instead of the client when a provider is configured
   * @param elicitation answers elicitation requests that no client of a call can answer
   */
  CallerPassThrough(String capsuleId, String serverId, Supplier<Duration> requestTimeout, Path workspace,
      ProviderSampling sampling, ApproverElicitation elicitation, Logger log) {
    this.capsuleId = capsuleId;
    this.serverId = serverId;
    this.sampling = sampling;
    this.elicitation = elicitation;
    ObjectNode root = JsonRpcPeer.JSON.createObjectNode().put("uri", workspace.toAbsolutePath().normalize().toUri()
        .toString()).put("name", "workspace");
    ObjectNode listed = JsonRpcPeer.JSON.createObjectNode();
    listed.putArray("roots").add(root);
    this.roots = listed;
    this.requestTimeout = requestTimeout;
    this.log = log;
  }

  /** A call of {@code caller} begins: its progress token, to send with the call and give to {@link #end}. */
  String begin(ToolCaller caller) {
    String token = "astrid-" + serverId + "-" + tokens.incrementAndGet();
    running.put(token, caller);
    return token;
  }

  void end(String token) {
    running.remove(token);
  }

  /** {@code notifications/progress}: to the caller of the call its token names. */
  void progress(JsonNode params) {
    ToolCaller caller = running.get(params.path("progressToken").asText());
    if (caller != null && params.path("progress").isNumber()) {
      caller.progress(params.path("progress").asDouble(), params.path("total").asDouble(Double.NaN),
          params.path("message").isTextual() ? params.path("message").asText() : null);
    }
  }

  /** {@code notifications/message} (already logged): also to the caller of the one call running. */
  void logMessage(JsonNode params) {
    only().ifPresent(caller -> caller.log(params.path("level").asText("info"),
        params.path("logger").isTextual() ? params.path("logger").asText() : null,
        JsonRpcPeer.JSON.convertValue(params.path("data"), Object.class)));
  }

  /**
   * Answers a request of the server: ping and roots/list at once; a request passed on, on a thread
   * of its own (the reader must go on reading, for the client's answer may need the server's
   * messages); any other with {@code -32601}.
   */
  void request(JsonNode request, JsonRpcPeer peer) {
    JsonNode id = request.get("id");
    String method = request.path("method").asText();
    if (method.equals("ping")) {
      peer.respond(id, McpSession.emptyResult());
    } else if (method.equals("roots/list")) {
      peer.respond(id, roots);
    } else if (PASSED_ON.contains(method)) {
      Thread.ofVirtual().name("mcp-request-" + serverId).start(() -> passOn(id, method, request.path("params"), peer));
    } else {
      peer.respondError(id, ToolCallerException.METHOD_NOT_FOUND, "method not found [" + method + "]");
    }
  }

  private void passOn(JsonNode id, String method, JsonNode params, JsonRpcPeer peer) {
    ToolCaller named = running.get(params.path("_meta").path("progressToken").asText(""));
    Optional<ToolCaller> caller = named != null ? Optional.of(named) : only();
    boolean sampled = method.equals(ProviderSampling.METHOD) && sampling.enabled();
    // Elicitation that no client can answer (none running, several, or one that cannot ask) goes to the approver.
    boolean elicited = method.equals(ApproverElicitation.METHOD) && !caller.map(ToolCaller::canAsk).orElse(false);
    if (sampled || elicited) {
      try {
        peer.respond(id, sampled ? sampling.answer(capsuleId, serverId, caller.orElse(null), params,
            requestTimeout.get()) : peer.forms().during(() -> elicitation.answer(capsuleId, serverId, params)));
      } catch (ToolCallerException e) {
        log.info("{} of mcp server [{}]: {}", method, serverId, e.getMessage());
        peer.respondError(id, e.code(), e.getMessage());
      }
      return;
    }
    if (caller.isEmpty()) {
      peer.respondError(id, ToolCallerException.INTERNAL_ERROR, method + " refused: " + (running.isEmpty()
          ? "no tool call of a client is running on mcp server [" + serverId + "]"
          : running.size() + " tool calls are running on mcp server [" + serverId
          + "]: the request cannot be told apart (it names no call's progress token)"));
      return;
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> asked = params.isObject() ? JsonRpcPeer.JSON.convertValue(params, Map.class) : Map.of();
      peer.respond(id, JsonRpcPeer.JSON.valueToTree(caller.get().request(method, asked, requestTimeout.get())));
    } catch (ToolCallerException e) {
      log.debug("{} of mcp server [{}] refused: {}", method, serverId, e.getMessage());
      peer.respondError(id, e.code(), e.getMessage());
    }
  }

  /** The caller of the one call running, if exactly one is. */
  private Optional<ToolCaller> only() {
    var callers = running.values().stream().limit(2).toList();
    return callers.size() == 1 ? Optional.of(callers.getFirst()) : Optional.empty();
  }
}
