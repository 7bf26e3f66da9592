package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The MCP conversation over one peer: initialize (offering the newest protocol version and
 * accepting any the runtime knows that the server answers with), the initialized notification,
 * tools/list with pagination, tools/call.
 */
final class McpSession {
  /** Newest first; servers answer with the one they speak. */
  static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  /** A page loop that does not end is a broken server, not a long list. */
  static final int MAX_PAGES = 100;

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
    peer.notify("notifications/initialized", null);
  }

  /** Every tool, following {@code nextCursor}. */
  List<JsonNode> listTools(Duration timeout) throws McpError {
    return list("tools/list", "tools", timeout);
  }

  /**
   * Every entry of a list method ({@code tools/list}, {@code resources/list}, {@code prompts/list}...),
   * following {@code nextCursor}: the array {@code field} of each page.
   */
  List<JsonNode> list(String method, String field, Duration timeout) throws McpError {
    List<JsonNode> entries = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ObjectNode params = JsonRpcPeer.JSON.createObjectNode();
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      JsonNode result = peer.request(method, params, timeout);
      result.path(field).forEach(entries::add);
      JsonNode next = result.get("nextCursor");
      if (next == null || next.isNull() || next.asText().isEmpty()) {
        return entries;
      }
      cursor = next.asText();
    }
    throw new McpError(method + " did not end after " + MAX_PAGES + " pages");
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
