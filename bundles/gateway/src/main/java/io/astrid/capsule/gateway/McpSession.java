package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.tool.McpResults;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One MCP client's session: the protocol, the same whichever transport carries it (an HTTP
 * session of {@link McpServlet}, or {@link StdioTransport}). Thread-safe: requests may be handled
 * on several threads at once; a {@code tools/call} runs on the thread that handles it (as the
 * pipeline runs a tool on its caller's), which {@code notifications/cancelled} interrupts.
 */
final class McpSession {
  /** Protocol versions this server speaks, newest first; a client asking for another gets the newest. */
  static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
  /** The most resources one session may subscribe to: each holds a subscription at a server. */
  static final int MAX_SUBSCRIPTIONS = 1000;
  private static final List<String> LOG_LEVELS =
      List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  /** Where messages for the client go. */
  interface Channel {
    void send(ObjectNode message) throws IOException;

    /** Ends the channel when the session ends (an HTTP event stream is completed). */
    default void close() {}

    /**
     * The request is running and can be cancelled from now on (an HTTP event stream sends its
     * headers, so the client sees the call has begun).
     */
    default void running() throws IOException {}
  }

  /**
   * A tools/call running on {@code thread}. Handing each call to a thread of its own and waiting for its
   * result cost a thread wake-up each way per call (issue 14's gateway latency); the call runs on the
   * request's thread instead, and cancelling interrupts that thread, only while the call runs.
   */
  private static final class InFlight {
    private final Thread thread = Thread.currentThread();
    private boolean ended; // guarded by this
    private boolean cancelled; // guarded by this

    /** Under the lock, so that a thread whose call has just ended is never interrupted. */
    synchronized void cancel() {
      if (!ended) {
        cancelled = true;
        thread.interrupt();
      }
    }

    /**
     * Ends the call on its thread; a cancel's interrupt, meant for the call alone, is cleared.
     *
     * @return whether it was cancelled
     */
    boolean end() {
      boolean wasCancelled;
      synchronized (this) {
        ended = true;
        wasCancelled = cancelled;
      }
      if (wasCancelled) {
        Thread.interrupted();
      }
      return wasCancelled;
    }
  }

  private final String id;
  private final Catalog catalog;
  private final String serverVersion;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  /** The client's subscriptions to servers' resources by the URI it gave; {@link #MAX_SUBSCRIPTIONS} at most. */
  private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
  private volatile boolean initialized;
  private final ClientRequests requests = new ClientRequests();
  private volatile JsonNode clientCapabilities = Json.MAPPER.createObjectNode();
  private volatile String clientName = "unnamed";
  private volatile String logLevel = "info";
  private volatile Channel standalone;
  private volatile long lastUsedNanos = System.nanoTime();

  McpSession(String id, Catalog catalog, String serverVersion) {
    this.id = id;
    this.catalog = catalog;
    this.serverVersion = serverVersion;
  }

  String id() {
    return id;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  boolean initialized() {
    return initialized;
  }

  String logLevel() {
    return logLevel;
  }

  /** The client's name and version as its initialize gave them. */
  String clientName() {
    return clientName;
  }

  /** Whether the client declared this capability in its initialize. */
  boolean declares(String capability) {
    return clientCapabilities.has(capability);
  }

  /** The requests this server sends the client during tool calls. */
  ClientRequests requests() {
    return requests;
  }

  /** Whether a message at {@code level} passes the client's {@code threshold} (logging/setLevel). */
  static boolean logs(String threshold, String level) {
    return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
  }

  /** The channel for messages that answer no request (list_changed); null detaches it. */
  void attach(Channel channel) {
    standalone = channel;
  }

  boolean hasStandalone() {
    return standalone != null;
  }

  /** Sends a notification on the standalone channel, if one is attached; a failing channel is detached. */
  void notifyClient(String method) {
    notifyClient(method, null);
  }

  /**
   * A log message that answers no request ({@code notifications/message} on the standalone channel),
   * dropped below the level the client set.
   */
  void log(String level, String logger, JsonNode data) {
    if (logs(logLevel, level)) {
      ObjectNode params = Json.MAPPER.createObjectNode().put("level", level).put("logger", logger);
      params.set("data", data);
      notifyClient("notifications/message", params);
    }
  }

  private void notifyClient(String method, ObjectNode params) {
    Channel channel = standalone;
    if (channel == null || !initialized) {
      return;
    }
    ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    try {
      channel.send(message);
    } catch (IOException e) {
      if (standalone == channel) {
        standalone = null;
      }
    }
  }

  /** Ends the session: calls in flight are interrupted, the standalone channel detached. */
  void close() {
    inFlight.values().forEach(InFlight::cancel);
    subscriptions.keySet().forEach(this::unsubscribe);
    requests.close();
    Channel channel = standalone;
    standalone = null;
    if (channel != null) {
      channel.close();
    }
  }

  /**
   * Handles one message from the client. Blocks while a tool runs.
   *
   * @param channel where messages about this request go before its response: the call's progress,
   *     log messages and requests to the client
   * @return the response to a request; empty for a notification, a response, or a cancelled request
   */
  Optional<ObjectNode> handle(JsonNode message, Channel channel) {
    lastUsedNanos = System.nanoTime();
    if (message == null || !message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
      return Optional.of(JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
          "invalid request: not a JSON-RPC 2.0 message object"));
    }
    JsonNode requestId = message.get("id");
    JsonNode method = message.get("method");
    if (method == null) {
      // A response to a request of ours (elicitation/create...); one to no waiting request is dropped.
      if (requestId != null && (message.has("result") || message.has("error"))) {
        requests.answered(message);
        return Optional.empty();
      }
      return Optional.of(JsonRpc.error(requestId, JsonRpc.INVALID_REQUEST, "invalid request: no method"));
    }
    if (!method.isTextual()) {
      return Optional.of(JsonRpc.error(requestId, JsonRpc.INVALID_REQUEST, "invalid request: method is not a string"));
    }
    JsonNode params = message.path("params");
    if (requestId == null) {
      notification(method.asText(), params);
      return Optional.empty();
    }
    if (!requestId.isTextual() && !requestId.isIntegralNumber()) {
      return Optional.of(JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
          "invalid request: id is neither a string nor an integer"));
    }
    try {
      return request(requestId, method.asText(), params, channel).map(result -> JsonRpc.result(requestId, result));
    } catch (JsonRpc.Failure e) {
      return Optional.of(JsonRpc.error(requestId, e.code(), e.getMessage()));
    }
  }

  private void notification(String method, JsonNode params) {
    switch (method) {
      case "notifications/initialized" -> initialized = true;
      case "notifications/cancelled" -> {
        InFlight call = inFlight.get(params.path("requestId").toString());
        if (call != null) {
          call.cancel();
        }
      }
      default -> { } // Unknown notifications are ignored (JSON-RPC: no response to a notification).
    }
  }

  private Optional<ObjectNode> request(JsonNode requestId, String method, JsonNode params, Channel channel)
      throws JsonRpc.Failure {
    if (!initialized && !method.equals("initialize") && !method.equals("ping")) {
      throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "session not initialized: send initialize first");
    }
    return switch (method) {
      case "initialize" -> Optional.of(initialize(params));
      case "ping" -> Optional.of(Json.MAPPER.createObjectNode());
      case "tools/list" -> Optional.of(catalog.tools());
      case "tools/call" -> callTool(requestId, params, channel);
      case "prompts/list" -> Optional.of(catalog.prompts());
      case "prompts/get" -> Optional.of(prompt(params));
      case "resources/list" -> Optional.of(catalog.resources());
      case "resources/templates/list" -> Optional.of(catalog.resourceTemplates());
      case "resources/subscribe" -> Optional.of(subscribe(params));
      case "resources/unsubscribe" -> Optional.of(unsubscribe(params));
      case "resources/read" -> Optional.of(resource(params));
      case "logging/setLevel" -> Optional.of(setLevel(params));
      case "completion/complete" -> Optional.of(complete(params));
      default -> throw new JsonRpc.Failure(JsonRpc.METHOD_NOT_FOUND, "method not found [" + method + "]");
    };
  }

  private ObjectNode initialize(JsonNode params) {
    String asked = params.path("protocolVersion").asText("");
    clientCapabilities = params.path("capabilities").isObject() ? params.get("capabilities")
        : Json.MAPPER.createObjectNode();
    JsonNode info = params.path("clientInfo");
    clientName = (info.path("name").asText("unnamed") + " " + info.path("version").asText("")).strip();
    ObjectNode result = Json.MAPPER.createObjectNode()
        .put("protocolVersion", PROTOCOL_VERSIONS.contains(asked) ? asked : PROTOCOL_VERSIONS.getFirst());
    ObjectNode capabilities = result.putObject("capabilities");
    capabilities.putObject("tools").put("listChanged", true);
    capabilities.putObject("prompts").put("listChanged", true);
    capabilities.putObject("resources").put("listChanged", true).put("subscribe", true);
    capabilities.putObject("logging");
    // Declared only when some server can complete: prompts of commands and context files have no values to offer.
    if (catalog.offersCompletions()) {
      capabilities.putObject("completions");
    }
    result.putObject("serverInfo").put("name", "astrid-capsule").put("version", serverVersion);
    result.put("instructions", "The tools, prompts and resources of the Astrid capsules docked in this runtime. "
        + "A tool ID_TOOL is tool TOOL of capsule ID.");
    // Streamable HTTP has no initialized notification before the first request in some clients; a
    // successful initialize response is enough to serve (the notification only confirms it).
    initialized = true;
    return result;
  }

  private Optional<ObjectNode> callTool(JsonNode requestId, JsonNode params, Channel channel)
      throws JsonRpc.Failure {
    String name = text(params, "name");
    // A tool of a capsule that is installed but not READY goes to the registry too, which says why it cannot serve.
    String qualified = McpNames.qualifiedTool(name)
        .filter(q -> catalog.registry().tools().stream().anyMatch(t -> t.qualifiedName().equals(q))
            || catalog.notReady(McpNames.split(name).orElseThrow()[0]).isPresent())
        .orElseThrow(() -> new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "unknown tool [" + name + "]"));
    JsonNode args = params.path("arguments");
    if (!args.isMissingNode() && !args.isNull() && !args.isObject()) {
      throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "tools/call of [" + name + "]: arguments is not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments = args.isObject() ? Json.MAPPER.convertValue(args, Map.class) : Map.of();
    String key = requestId.toString();
    JsonNode token = params.path("_meta").get("progressToken");
    ClientCall caller = new ClientCall(this, channel, token != null && (token.isTextual() || token.isIntegralNumber())
        ? token : null);
    InFlight call = new InFlight();
    inFlight.put(key, call);
    ToolResult result = null;
    try {
      channel.running();
      // The caller travels with the call on the thread that runs it (ToolCaller#CURRENT).
      result = ScopedValue.where(ToolCaller.CURRENT, caller).call(() -> catalog.registry().call(qualified, arguments));
    } catch (IOException e) {
      // The client has gone before the call began: nothing runs, nothing is answered.
    } catch (RuntimeException e) {
      result = ToolResult.error("tools/call failed [" + name + "]: " + e);
    } finally {
      caller.end();
      inFlight.remove(key);
    }
    // Cancelled by the client: MCP sends no response.
    return call.end() || result == null ? Optional.empty() : Optional.of(Json.MAPPER.valueToTree(
        McpResults.toJson(result)));
  }

  private ObjectNode prompt(JsonNode params) throws JsonRpc.Failure {
    String name = text(params, "name");
    try {
      return catalog.prompt(name, params.path("arguments"))
          .orElseThrow(() -> new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "unknown prompt [" + name + "]"));
    } catch (CapsuleException e) {
      throw new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "prompt failed [" + name + "]: " + e.getMessage());
    }
  }

  private ObjectNode resource(JsonNode params) throws JsonRpc.Failure {
    String uri = text(params, "uri");
    Optional<ObjectNode> found;
    try {
      found = catalog.resource(uri);
    } catch (CapsuleException e) {
      throw new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "resource failed [" + uri + "]: " + e.getMessage());
    }
    return found.orElseThrow(() -> notFound(uri));
  }

  /** An unknown resource, or one of a capsule that is not READY, saying so. */
  private JsonRpc.Failure notFound(String uri) {
    Optional<String> notReady = McpNames.resourceCapsule(uri).flatMap(catalog::notReady);
    return new JsonRpc.Failure(JsonRpc.RESOURCE_NOT_FOUND, notReady.map(why -> "resource [" + uri
        + "] is unavailable: " + why).orElse("resource not found [" + uri + "]"));
  }

  /**
   * {@code resources/subscribe}: held at the resource's server until unsubscribed, the session ends, or the
   * capsule is reloaded or unloaded (the client then gets {@code resources/list_changed}); each
   * {@code notifications/resources/updated} of the server goes to the session's standalone channel.
   */
  private ObjectNode subscribe(JsonNode params) throws JsonRpc.Failure {
    String uri = text(params, "uri");
    if (subscriptions.containsKey(uri)) {
      return Json.MAPPER.createObjectNode();
    }
    if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
      throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "subscribe failed [" + uri + "]: the session has "
          + MAX_SUBSCRIPTIONS + " subscriptions, the most it may hold; unsubscribe one first");
    }
    ObjectNode updated = Json.MAPPER.createObjectNode().put("uri", uri);
    Optional<AutoCloseable> subscription;
    try {
      subscription = catalog.subscribe(uri, () -> notifyClient("notifications/resources/updated", updated));
    } catch (CapsuleException e) {
      throw new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "subscribe failed [" + uri + "]: " + e.getMessage());
    }
    if (subscription.isEmpty()) {
      if (catalog.resource(uri).isPresent()) {
        throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "subscribe failed [" + uri + "]: only the resources of"
            + " capsules' MCP servers can be subscribed to; a context file or skill changes with its capsule"
            + " (resources/list_changed)");
      }
      throw notFound(uri);
    }
    if (subscriptions.putIfAbsent(uri, subscription.get()) != null) {
      closeQuietly(subscription.get());
    }
    return Json.MAPPER.createObjectNode();
  }

  private ObjectNode unsubscribe(JsonNode params) throws JsonRpc.Failure {
    unsubscribe(text(params, "uri"));
    return Json.MAPPER.createObjectNode();
  }

  private void unsubscribe(String uri) {
    AutoCloseable subscription = subscriptions.remove(uri);
    if (subscription != null) {
      closeQuietly(subscription);
    }
  }

  /** A subscription's end; one whose server has gone has nothing left to end. */
  private static void closeQuietly(AutoCloseable subscription) {
    try {
      subscription.close();
    } catch (Exception e) {
      // The server is gone or refused: the subscription is over either way.
    }
  }

  private ObjectNode setLevel(JsonNode params) throws JsonRpc.Failure {
    String level = text(params, "level");
    if (!LOG_LEVELS.contains(level)) {
      throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "unknown log level [" + level + "]: expected one of "
          + LOG_LEVELS);
    }
    logLevel = level;
    return Json.MAPPER.createObjectNode();
  }

  /**
   * {@code completion/complete}: passed to the MCP server owning the prompt or resource template, its name mapped
   * back to the server's (issue 18); an unknown reference is an error naming it.
   */
  private ObjectNode complete(JsonNode params) throws JsonRpc.Failure {
    JsonNode ref = params.path("ref");
    String type = text(ref, "type");
    if (!type.equals("ref/prompt") && !type.equals("ref/resource")) {
      throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "completion failed: ref type [" + type + "] unknown,"
          + " expected ref/prompt or ref/resource");
    }
    String name = text(ref, type.equals("ref/prompt") ? "name" : "uri");
    String subject = "[" + type + " " + name + "]";
    JsonNode argument = params.path("argument");
    text(argument, "name");
    text(argument, "value");
    Map<String, String> context = new LinkedHashMap<>();
    params.path("context").path("arguments").properties().forEach(given -> context.put(given.getKey(),
        given.getValue().asText()));
    @SuppressWarnings("unchecked")
    Map<String, Object> asked = Json.MAPPER.convertValue(argument, Map.class);
    try {
      return catalog.complete(type, name, asked, context).orElseThrow(() -> new JsonRpc.Failure(
          JsonRpc.INVALID_PARAMS, "completion failed " + subject + ": no such " + (type.equals("ref/prompt")
              ? "prompt" : "resource or resource template")));
    } catch (CapsuleException e) {
      throw new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "completion failed " + subject + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode params, String field) throws JsonRpc.Failure {
    JsonNode value = params.path(field);
    if (!value.isTextual()) {
      throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "invalid params: [" + field + "] is missing or not a string");
    }
    return value.asText();
  }
}
