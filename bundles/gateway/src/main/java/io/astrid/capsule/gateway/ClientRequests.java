package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.tool.ToolCallerException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests this server sends one client during its tool calls ({@code elicitation/create},
 * {@code sampling/createMessage}), matched to the client's responses by id. Ids are strings of
 * our own ({@code astrid-N}), so that they cannot be taken for the client's ids. Thread-safe.
 */
final class ClientRequests {
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

  /**
   * Sends a request on {@code channel} and waits for the client's result. A request without an
   * answer in time, or whose call is interrupted, is cancelled at the client
   * ({@code notifications/cancelled}).
   *
   * @param client the client's name, for messages
   * @return the result, or null when no answer came within {@code timeout}
   * @throws ToolCallerException when the client answered with an error (its code and message), or
   *     the request could not be sent, or the waiting call was interrupted
   */
  JsonNode send(McpSession.Channel channel, String client, String method, JsonNode params, Duration timeout) {
    String id = "astrid-" + ids.incrementAndGet();
    CompletableFuture<JsonNode> response = new CompletableFuture<>();
    waiting.put(id, response);
    ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    message.set("params", params);
    try {
      channel.send(message);
      JsonNode reply = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      JsonNode error = reply.get("error");
      if (error != null) {
        throw new ToolCallerException(error.path("code").asInt(ToolCallerException.INTERNAL_ERROR),
            method + " failed at " + client + ": " + error.path("message").asText("error " + error.path("code")));
      }
      return reply.path("result");
    } catch (IOException e) {
      throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR, method + " failed [" + client
          + "]: cannot reach the client: " + e.getMessage());
    } catch (TimeoutException e) {
      cancel(channel, id, "no answer within " + timeout.toMillis() + " ms");
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(channel, id, "the tool call was cancelled");
      throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR, method + " failed [" + client
          + "]: the tool call was cancelled while waiting for the client");
    } catch (ExecutionException e) {
      throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR, method + " failed [" + client + "]: "
          + e.getCause().getMessage());
    } finally {
      waiting.remove(id);
    }
  }

  /** A response from the client; false when no request of ours waits for it. */
  boolean answered(JsonNode response) {
    JsonNode id = response.get("id");
    CompletableFuture<JsonNode> waiter = id != null && id.isTextual() ? waiting.get(id.asText()) : null;
    return waiter != null && waiter.complete(response);
  }

  /** The session ended: every request still waiting fails. */
  void close() {
    waiting.values().forEach(w -> w.completeExceptionally(new IOException("the session ended")));
  }

  private static void cancel(McpSession.Channel channel, String id, String reason) {
    ObjectNode cancelled = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0")
        .put("method", "notifications/cancelled");
    cancelled.putObject("params").put("requestId", id).put("reason", reason);
    try {
      channel.send(cancelled);
    } catch (IOException e) {
      // The client is gone: there is nothing left to cancel there.
    }
  }
}
