package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolCallerException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code tools/call} of an MCP client, as the call sees its caller ({@link ToolCaller}): its
 * messages go on the channel the request came on (HTTP: the request's event stream; stdio:
 * stdout), so that the client relates them to the call. Approvals are asked with
 * {@code elicitation/create}, one question with the five answers as an enum. Once the call is over,
 * progress and log messages are dropped and requests refused.
 */
final class ClientCall implements ToolCaller {
  /** The answers of the elicitation, as the console approver words them, and what each means. */
  static final List<String> ANSWERS = List.of("once", "session", "always", "deny", "never");
  private static final List<ApprovalAnswer> MEANINGS = List.of(ApprovalAnswer.ONCE, ApprovalAnswer.SESSION,
      ApprovalAnswer.ALWAYS, ApprovalAnswer.DENY, ApprovalAnswer.DENY_ALWAYS);
  private static final List<String> ANSWER_TITLES = List.of("Allow once", "Allow for this session", "Always allow",
      "Deny", "Never allow");
  /** The capability a client declares for each method the server may ask of it (MCP "Client Features"). */
  private static final Map<String, String> CAPABILITIES = Map.of("elicitation/create", "elicitation",
      "sampling/createMessage", "sampling", "roots/list", "roots");

  private final McpSession session;
  private final McpSession.Channel channel;
  private final JsonNode progressToken;
  private volatile boolean over;

  /** @param progressToken the client's {@code _meta.progressToken} of the call, or null */
  ClientCall(McpSession session, McpSession.Channel channel, JsonNode progressToken) {
    this.session = session;
    this.channel = channel;
    this.progressToken = progressToken;
  }

  /** The call has ended: nothing more goes to the client on its behalf. */
  void end() {
    over = true;
  }

  @Override
  public String name() {
    return "mcp client [" + session.clientName() + "]";
  }

  @Override
  public boolean canAsk() {
    return session.declares("elicitation");
  }

  @Override
  public Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
    ObjectNode params = Json.MAPPER.createObjectNode().put("message", "Capsule [" + request.capsuleId() + "] wants "
        + request.capability() + " [" + request.resource() + "]. Allow it?");
    ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
    ObjectNode answer = schema.putObject("properties").putObject("answer").put("type", "string")
        .put("title", "Answer");
    ANSWERS.forEach(answer.putArray("enum")::add);
    ANSWER_TITLES.forEach(answer.putArray("enumNames")::add);
    schema.putArray("required").add("answer");
    JsonNode result = send("elicitation/create", params, timeout);
    if (result == null) {
      return Optional.empty();
    }
    String action = result.path("action").asText("");
    String given = result.path("content").path("answer").asText("");
    if (!action.equals("accept")) {
      throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR, name() + (action.equals("decline")
          ? " declined the question" : action.equals("cancel") ? " cancelled the question"
          : " answered the question with an unknown action [" + action + "]"));
    }
    int index = ANSWERS.indexOf(given);
    if (index < 0) {
      throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR, name() + " answered [" + given
          + "]: expected one of " + ANSWERS);
    }
    return Optional.of(MEANINGS.get(index));
  }

  @Override
  public void progress(double progress, double total, String message) {
    if (progressToken == null || over) {
      return;
    }
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.set("progressToken", progressToken);
    params.put("progress", progress);
    if (!Double.isNaN(total)) {
      params.put("total", total);
    }
    if (message != null) {
      params.put("message", message);
    }
    notifyClient("notifications/progress", params);
  }

  @Override
  public void log(String level, String logger, Object data) {
    if (over || !McpSession.logs(session.logLevel(), level)) {
      return;
    }
    ObjectNode params = Json.MAPPER.createObjectNode().put("level", level);
    if (logger != null) {
      params.put("logger", logger);
    }
    params.set("data", Json.MAPPER.valueToTree(data));
    notifyClient("notifications/message", params);
  }

  @Override
  public Map<String, Object> request(String method, Map<String, Object> params, Duration timeout) {
    String capability = CAPABILITIES.get(method);
    if (capability == null || !session.declares(capability)) {
      throw new ToolCallerException(ToolCallerException.METHOD_NOT_FOUND, method + " refused [" + name() + "]: "
          + (capability == null ? "not a request the gateway passes to its clients"
          : "the client did not declare the [" + capability + "] capability"));
    }
    JsonNode result = send(method, Json.MAPPER.valueToTree(params), timeout);
    if (result == null) {
      throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR, method + " failed [" + name()
          + "]: no answer within " + timeout.toMillis() + " ms");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = Json.MAPPER.convertValue(result, Map.class);
    return map;
  }

  private JsonNode send(String method, JsonNode params, Duration timeout) {
    if (over) {
      throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR, method + " refused [" + name()
          + "]: the tool call is over");
    }
    return session.requests().send(channel, name(), method, params, timeout);
  }

  private void notifyClient(String method, ObjectNode params) {
    ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    message.set("params", params);
    try {
      channel.send(message);
    } catch (IOException e) {
      // The client went away during the call (not a cancellation): its messages have nowhere to go.
    }
  }
}
