package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 messages of the server side, and its error codes (JSON-RPC 2.0 section 5.1; MCP). */
final class JsonRpc {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  /** MCP: a resource that does not exist. */
  static final int RESOURCE_NOT_FOUND = -32002;

  /** A request that fails with a JSON-RPC error. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;

    Failure(int code, String message) {
      super(message);
      this.code = code;
    }

    int code() {
      return code;
    }
  }

  private JsonRpc() {}

  static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
    message.set("id", id);
    message.set("result", result);
    return message;
  }

  /** An error response; {@code id} null when the request's id could not be read. */
  static ObjectNode error(JsonNode id, int code, String text) {
    ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
    message.set("id", id == null ? Json.MAPPER.nullNode() : id);
    message.putObject("error").put("code", code).put("message", text);
    return message;
  }
}
