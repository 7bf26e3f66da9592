package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * JSON-RPC 2.0 over any transport: requests with numeric ids matched to responses,
 * notifications both ways. A request that times out is cancelled on the server
 * ({@code notifications/cancelled}). Malformed lines, responses to unknown ids and oversized
 * lines are logged and survived; an oversized response fails its request at once. Thread-safe.
 */
final class JsonRpcPeer {
  static final ObjectMapper JSON = new ObjectMapper();
  /** How much of a line that is not a message a warning shows. */
  private static final int MAX_SHOWN_LINE_CHARS = 200;

  /** Where messages go: a line to a process, a POST to a server. */
  interface Outbound {
    void send(String message) throws IOException;

    /**
     * Several messages in their order. A process's stdin takes them in one write, so that the server
     * reads them at once (issue 18: the listings at start); by default one {@link #send} each.
     */
    default void sendAll(List<String> messages) throws IOException {
      for (String message : messages) {
        send(message);
      }
    }
  }

  /**
   * Where a caller waiting for its response may read the server's messages itself, instead of parking
   * until a reader thread hands the response over ({@link StdoutReading}); {@link #NONE} for a
   * transport whose messages come to threads of its own (HTTP).
   */
  interface SelfRead {
    SelfRead NONE = new SelfRead() {
      @Override
      public boolean readUntil(Future<?> done, long nanos, BooleanSupplier stepAside) {
        return false;
      }

      @Override
      public void parking() {
        // Nothing to tell: the transport's threads read all the time.
      }

      @Override
      public void unparked() {
        // As above.
      }
    };

    /**
     * Reads and receives messages on the calling thread until {@code done} is complete, {@code nanos}
     * have passed, {@code stepAside} says so or the thread is interrupted; or returns false at once,
     * having read nothing, when it cannot read now (another thread is reading).
     */
    boolean readUntil(Future<?> done, long nanos, BooleanSupplier stepAside);

    /** The calling thread is about to park until its response comes: someone else has to read. */
    void parking();

    /** The thread that said {@link #parking} waits no more. */
    void unparked();
  }

  /** A request to send with others ({@link #sendAll}). */
  record Request(String method, JsonNode params) {}

  /** A request sent, whose response is waited for with {@link #await}. */
  final class Sent {
    private final long id;
    private final String method;
    private final long sentAt = System.nanoTime();
    private final CompletableFuture<JsonNode> response = new CompletableFuture<>();

    private Sent(long id, String method) {
      this.id = id;
      this.method = method;
    }

    /**
     * Its result, waited for until {@code timeout} after it was sent (requests sent together are
     * awaited one after the other, each within its own time); an error response, a timeout or a
     * closed peer throws.
     */
    JsonNode await(Duration timeout) throws McpError {
      try {
        Duration left = Duration.ofNanos(Math.max(0, sentAt + timeout.toNanos() - System.nanoTime()));
        JsonNode reply = forms.await(response, left, selfRead);
        JsonNode error = reply.get("error");
        if (error != null) {
          throw new McpError(method + " failed: " + error.path("message").asText("error " + error.path("code")));
        }
        return reply.path("result");
      } catch (TimeoutException e) {
        cancel(id, "timed out after " + timeout.toMillis() + " ms");
        throw new McpError(method + " timed out after " + timeout.toMillis() + " ms");
      } catch (ExecutionException e) {
        throw new McpError(e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel(id, "interrupted");
        throw new McpError(method + " was interrupted");
      } finally {
        pending.remove(id);
      }
    }
  }

  /** A request's id where a dropped line shows it: first (after {@code jsonrpc}), or last (before it). */
  private static final Pattern FIRST_ID = Pattern.compile(
      "^\\s*\\{\\s*(?:\"jsonrpc\"\\s*:\\s*\"2\\.0\"\\s*,\\s*)?\"id\"\\s*:\\s*(\\d+)");
  private static final Pattern LAST_ID = Pattern.compile(
      "[,{]\\s*\"id\"\\s*:\\s*(\\d+)\\s*(?:,\\s*\"jsonrpc\"\\s*:\\s*\"2\\.0\"\\s*)?\\}\\s*$");

  private final Outbound out;
  private final Consumer<JsonNode> onNotification;
  private final Consumer<JsonNode> onRequest;
  private final Logger log;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Sent> pending = new ConcurrentHashMap<>();
  private volatile String closedBecause;
  /** The server's forms waiting for a human, which pause the clocks of its requests (issue 18). */
  private final FormWaits forms = new FormWaits();
  private volatile SelfRead selfRead = SelfRead.NONE;

  JsonRpcPeer(Outbound out, Consumer<JsonNode> onNotification, Consumer<JsonNode> onRequest, Logger log) {
    this.out = out;
    this.onNotification = onNotification;
    this.onRequest = onRequest;
    this.log = log;
  }

  /** From now on, callers waiting for a response may read it themselves through {@code read}. */
  void readOnCallers(SelfRead read) {
    selfRead = read;
  }

  /** Whether a request sent is still waiting for its response. */
  boolean awaitingResponses() {
    return pending.values().stream().anyMatch(sent -> !sent.response.isDone());
  }

  /** Sends a request and waits for its result; an error response, a timeout or a closed peer throws. */
  JsonNode request(String method, JsonNode params, Duration timeout) throws McpError {
    return sendAll(null, List.of(new Request(method, params))).getFirst().await(timeout);
  }

  /**
   * Sends {@code notification} (a method without params, or null for none) and then {@code requests},
   * in one {@link Outbound#sendAll}; their responses are awaited afterwards, each with {@link Sent#await}.
   * A closed peer or a failed write throws, and none of them is waited for.
   */
  List<Sent> sendAll(String notification, List<Request> requests) throws McpError {
    if (closedBecause != null) {
      throw new McpError(closedBecause);
    }
    List<String> messages = new ArrayList<>(requests.size() + 1);
    if (notification != null) {
      messages.add(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", notification).toString());
    }
    List<Sent> sent = new ArrayList<>(requests.size());
    for (Request request : requests) {
      Sent one = new Sent(ids.incrementAndGet(), request.method());
      pending.put(one.id, one);
      sent.add(one);
      ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", one.id)
          .put("method", request.method());
      if (request.params() != null) {
        message.set("params", request.params());
      }
      messages.add(message.toString());
    }
    try {
      out.sendAll(messages);
    } catch (IOException e) {
      sent.forEach(one -> pending.remove(one.id));
      throw new McpError("cannot write to the server: " + e.getMessage(), e);
    }
    return sent;
  }

  /** Tells the server that the request {@code id} is no longer waited for. */
  private void cancel(long id, String reason) {
    notify("notifications/cancelled", JSON.createObjectNode().put("requestId", id).put("reason", reason));
  }

  /** The server's forms waiting for a human: a form is answered inside {@link FormWaits#during}. */
  FormWaits forms() {
    return forms;
  }

  /** Sends a notification; a dead connection is ignored (the reader reports it). */
  void notify(String method, JsonNode params) {
    ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    try {
      send(message);
    } catch (McpError e) {
      log.debug("notification {} not sent: {}", method, e.getMessage());
    }
  }

  /** Answers a server's request (ping, for instance). */
  void respond(JsonNode id, JsonNode result) {
    ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0");
    message.set("id", id);
    message.set("result", result);
    try {
      send(message);
    } catch (McpError e) {
      log.debug("response not sent: {}", e.getMessage());
    }
  }

  /** Answers a server's request with an error. */
  void respondError(JsonNode id, int code, String text) {
    ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0");
    message.set("id", id);
    message.putObject("error").put("code", code).put("message", text);
    try {
      send(message);
    } catch (McpError e) {
      log.debug("error response not sent: {}", e.getMessage());
    }
  }

  /** One line from the server. */
  void receive(String line) {
    JsonNode message;
    try {
      message = JSON.readTree(line);
    } catch (IOException e) {
      log.warn("ignoring a line that is not JSON ({} characters): {}", line.length(),
          UntrustedText.escape(line, MAX_SHOWN_LINE_CHARS));
      return;
    }
    if (message == null || !message.isObject()) {
      log.warn("ignoring a line that is not a JSON-RPC message: {}", UntrustedText.escape(line, MAX_SHOWN_LINE_CHARS));
      return;
    }
    JsonNode id = message.get("id");
    if (message.has("method")) {
      if (id == null) {
        onNotification.accept(message);
      } else {
        onRequest.accept(message);
      }
      return;
    }
    Sent waiting = id != null && id.canConvertToLong() ? pending.get(id.asLong()) : null;
    if (waiting == null) {
      log.warn("ignoring a response to unknown request id {}", id);
      return;
    }
    waiting.response.complete(message);
  }

  /**
   * A line of {@code bytes} that was too long to read (over {@code maxBytes}), of which only its
   * first and last bytes are known: when they show the id of a waiting request (the first member,
   * or the first after {@code jsonrpc}; or the last, or the last before {@code jsonrpc}, as the
   * TypeScript SDK writes it), that request fails now, naming the size and the cap, instead of
   * waiting for its timeout. Otherwise the line is logged and survived.
   */
  void dropped(long bytes, String head, String tail, int maxBytes) {
    Matcher first = FIRST_ID.matcher(head);
    Matcher last = LAST_ID.matcher(tail);
    String id = first.find() ? first.group(1) : last.find() ? last.group(1) : null;
    Sent waiting = id == null || id.length() > 18 ? null : pending.get(Long.parseLong(id));
    if (waiting == null) {
      log.warn("dropped a line of {} bytes (the limit is {})", bytes, maxBytes);
      return;
    }
    waiting.response.completeExceptionally(new McpError(waiting.method + " failed: the response has " + bytes
        + " bytes, over the limit of " + maxBytes + " bytes"));
  }

  /** The connection is gone: every waiting request fails with {@code why}, and so do new ones. */
  void close(String why) {
    closedBecause = why;
    pending.values().forEach(p -> p.response.completeExceptionally(new McpError(why)));
  }

  private void send(JsonNode message) throws McpError {
    try {
      out.send(message.toString());
    } catch (IOException e) {
      throw new McpError("cannot write to the server: " + e.getMessage(), e);
    }
  }

}
