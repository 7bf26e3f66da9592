package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The MCP conversation over one peer: initialize (offering the newest protocol version and
 * accepting any the runtime knows that the server answers with), the initialized notification sent
 * with the first requests of the lists in one write, the lists with pagination, tools/call.
 */
final class McpSession {
  /** Newest first; servers answer with the one they speak. */
  static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  /** A page loop that does not end is a broken server, not a long list. */
  static final int MAX_PAGES = 100;

  /**
   * A list method and the array field of its pages ({@code tools/list} and {@code tools}, ...).
   *
   * @param method the list method
   * @param field the array each page holds the entries in
   */
  record ListMethod(String method, String field) {}

  static final ListMethod TOOLS = new ListMethod("tools/list", "tools");

  /** What one list gave: every entry, or why the server failed it. */
  static final class Listed {
    private final List<JsonNode> entries;
    private final McpError failure;

    private Listed(List<JsonNode> entries, McpError failure) {
      this.entries = entries;
      this.failure = failure;
    }

    /** Every entry; throws the error the server failed the list with. */
    List<JsonNode> entries() throws McpError {
      if (failure != null) {
        throw failure;
      }
      return entries;
    }
  }

  private final JsonRpcPeer peer;
  private String protocolVersion;
  private JsonNode serverCapabilities = JsonRpcPeer.JSON.createObjectNode();

  McpSession(JsonRpcPeer peer) {
    this.peer = peer;
  }

  String protocolVersion() {
    return protocolVersion;
  }

  /** The capabilities the server declared at initialize ({@code resources}, {@code prompts}...). */
  JsonNode serverCapabilities() {
    return serverCapabilities;
  }

  /** The peer, for the requests of {@link ServerContent}. */
  JsonRpcPeer peer() {
    return peer;
  }

  void initialize(Duration timeout) throws McpError {
    ObjectNode params = JsonRpcPeer.JSON.createObjectNode().put("protocolVersion", PROTOCOL_VERSIONS.getFirst());
    // Offered so that servers may ask during a call; passed to the gateway's client that made the
    // call, refused when it has not these (CallerPassThrough). Roots are answered here: the workspace,
    // which does not change while the runtime runs (no listChanged).
    ObjectNode capabilities = params.putObject("capabilities");
    capabilities.putObject("sampling");
    capabilities.putObject("elicitation");
    capabilities.putObject("roots").put("listChanged", false);
    params.putObject("clientInfo").put("name", "astrid-capsule").put("version", "0.1.0");
    JsonNode result = peer.request("initialize", params, timeout);
    String offered = result.path("protocolVersion").asText("");
    if (!PROTOCOL_VERSIONS.contains(offered)) {
      throw new McpError("the server speaks protocol version [" + offered + "], this runtime speaks "
          + PROTOCOL_VERSIONS);
    }
    protocolVersion = offered;
    if (result.path("capabilities").isObject()) {
      serverCapabilities = result.get("capabilities");
    }
  }

  /**
   * Sends the {@code initialized} notification that ends {@link #initialize} together with the first
   * request of each of {@code lists}, and lists them to their ends: the server reads them all at once,
   * one round trip where one after the other would take one each (issue 18, spawn to ready).
   *
   * @return what each list gave, in the order of {@code lists}
   */
  List<Listed> ready(List<ListMethod> lists, Duration timeout) throws McpError {
    return list("notifications/initialized", lists, timeout);
  }

  /** Lists each of {@code lists} to its end, the first pages requested in one write. */
  List<Listed> list(List<ListMethod> lists, Duration timeout) throws McpError {
    return list(null, lists, timeout);
  }

  /** Every tool, following {@code nextCursor}. */
  List<JsonNode> listTools(Duration timeout) throws McpError {
    return list(List.of(TOOLS), timeout).getFirst().entries();
  }

  /**
   * Each list's entries, following {@code nextCursor} (the further pages of a list one after the other):
   * the array {@code field} of each page.
   *
   * @throws McpError when the requests cannot be written (the connection is gone)
   */
  private List<Listed> list(String notification, List<ListMethod> lists, Duration timeout) throws McpError {
    List<JsonRpcPeer.Request> first = lists.stream()
        .map(list -> new JsonRpcPeer.Request(list.method(), JsonRpcPeer.JSON.createObjectNode())).toList();
    List<JsonRpcPeer.Sent> sent = peer.sendAll(notification, first);
    List<Listed> listed = new ArrayList<>(lists.size());
    for (int i = 0; i < lists.size(); i++) {
      listed.add(rest(lists.get(i), sent.get(i), timeout));
    }
    return listed;
  }

  /** The entries of the list whose first page was {@code first}, with the pages after it. */
  private Listed rest(ListMethod list, JsonRpcPeer.Sent first, Duration timeout) {
    List<JsonNode> entries = new ArrayList<>();
    try {
      JsonNode result = first.await(timeout);
      for (int page = 1; page <= MAX_PAGES; page++) {
        result.path(list.field()).forEach(entries::add);
        JsonNode next = result.get("nextCursor");
        if (next == null || next.isNull() || next.asText().isEmpty()) {
          return new Listed(entries, null);
        }
        if (page == MAX_PAGES) {
          break;
        }
        result = peer.request(list.method(), JsonRpcPeer.JSON.createObjectNode().put("cursor", next.asText()), timeout);
      }
      return new Listed(List.of(), new McpError(list.method() + " did not end after " + MAX_PAGES + " pages"));
    } catch (McpError e) {
      return new Listed(List.of(), e);
    }
  }

  /** @param progressToken the token the server's progress notifications of this call carry, or null */
  JsonNode callTool(String name, JsonNode arguments, String progressToken, Duration timeout) throws McpError {
    ObjectNode params = JsonRpcPeer.JSON.createObjectNode().put("name", name);
    params.set("arguments", arguments);
    if (progressToken != null) {
      params.putObject("_meta").put("progressToken", progressToken);
    }
    return peer.request("tools/call", params, timeout);
  }

  /** An empty result, as {@code ping} expects. */
  static JsonNode emptyResult() {
    return JsonRpcPeer.JSON.createObjectNode();
  }

  static ArrayNode array() {
    return JsonRpcPeer.JSON.createArrayNode();
  }
}
