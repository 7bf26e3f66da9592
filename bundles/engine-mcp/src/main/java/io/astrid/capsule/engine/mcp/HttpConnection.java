package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * MCP Streamable HTTP: every message is a POST; a request's answer comes back as JSON or as an
 * SSE stream (which may carry notifications before it). The session id the server gives at
 * initialize is sent with every later message, and the negotiated protocol version too. A stream
 * that ends before the answer is resumed with a GET carrying {@code Last-Event-ID}, after the
 * server's {@code retry} delay. HTTP failures become error responses for the request concerned.
 */
final class HttpConnection implements ServerConnection {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_RESUMPTIONS = 5;
  static final long DEFAULT_RETRY_MS = 1000;

  private final URI url;
  private final Map<String, String> headers;
  private final Runnable onSessionLost;
  private final Logger log;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final JsonRpcPeer peer;
  private volatile String sessionId;
  private volatile String protocolVersion;

  HttpConnection(URI url, Map<String, String> headers, Consumer<JsonNode> onNotification,
      Consumer<JsonNode> onRequest, Runnable onSessionLost, Logger log) {
    this.url = url;
    this.headers = Map.copyOf(headers);
    this.onSessionLost = onSessionLost;
    this.log = log;
    this.peer = new JsonRpcPeer(this::post, onNotification, onRequest, log);
  }

  @Override
  public JsonRpcPeer peer() {
    return peer;
  }

  @Override
  public String describe() {
    return url + (sessionId == null ? "" : " session " + sessionId);
  }

  @Override
  public void protocolVersion(String version) {
    this.protocolVersion = version;
  }

  @Override
  public void stop() {
    String session = sessionId;
    peer.close("the connection was closed");
    if (session != null) {
      try {
        client.send(base().DELETE().timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        log.debug("ending the session failed: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sends one message; the answer, if any, is read on a virtual thread and handed to the peer. */
  private void post(String message) throws IOException {
    JsonNode parsed = JsonRpcPeer.JSON.readTree(message);
    Optional<JsonNode> requestId = parsed.has("method") && parsed.has("id")
        ? Optional.of(parsed.get("id")) : Optional.empty();
    HttpRequest request = base()
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(message))
        .build();
    Thread.ofVirtual().name("mcp-http").start(() -> exchange(request, requestId));
  }

  private void exchange(HttpRequest request, Optional<JsonNode> requestId) {
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
      int status = response.statusCode();
      if (status == 404 && sessionId != null) {
        answerWithError(requestId, "the server ended the session (HTTP 404)");
        onSessionLost.run();
        return;
      }
      if (status >= 400) {
        String body = new String(response.body().readNBytes(500), StandardCharsets.UTF_8);
        answerWithError(requestId, "HTTP " + status + (body.isBlank() ? "" : ": " + body.strip()));
        return;
      }
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (type.startsWith("text/event-stream")) {
        readEvents(response.body(), requestId, 0);
      } else if (type.startsWith("application/json")) {
        deliver(new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
      } else {
        response.body().close();
      }
    } catch (IOException e) {
      answerWithError(requestId, "HTTP request failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads SSE events until the answer to {@code requestId} came, resuming a stream that ended early. */
  private void readEvents(InputStream stream, Optional<JsonNode> requestId, int resumptions)
      throws IOException, InterruptedException {
    String lastEventId = null;
    long retry = DEFAULT_RETRY_MS;
    boolean answered = false;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            answered |= deliver(data.toString(), requestId);
            data.setLength(0);
          }
          if (answered) {
            return;
          }
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
        } else if (line.startsWith("id:")) {
          lastEventId = line.substring(3).strip();
        } else if (line.startsWith("retry:")) {
          retry = parseRetry(line.substring(6).strip(), retry);
        }
      }
    }
    if (answered || requestId.isEmpty()) {
      return;
    }
    if (lastEventId == null || resumptions >= MAX_RESUMPTIONS) {
      answerWithError(requestId, "the server closed the stream before answering");
      return;
    }
    // The stream ended before the answer: the server asked for this delay before we come back.
    Thread.sleep(retry);
    HttpRequest resume = base().header("Accept", "text/event-stream").header("Last-Event-ID", lastEventId).GET()
        .build();
    HttpResponse<InputStream> response = client.send(resume, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() >= 400) {
      answerWithError(requestId, "resuming the stream failed: HTTP " + response.statusCode());
      return;
    }
    readEvents(response.body(), requestId, resumptions + 1);
  }

  private HttpRequest.Builder base() {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url);
    headers.forEach(builder::header);
    if (sessionId != null) {
      builder.header("Mcp-Session-Id", sessionId);
    }
    if (protocolVersion != null) {
      builder.header("MCP-Protocol-Version", protocolVersion);
    }
    return builder;
  }

  private void deliver(String body) throws IOException {
    deliver(body, Optional.empty());
  }

  /** Hands a message (or a batch) to the peer; true when it answers {@code requestId}. */
  private boolean deliver(String body, Optional<JsonNode> requestId) throws IOException {
    JsonNode node = JsonRpcPeer.JSON.readTree(body);
    boolean answered = false;
    for (JsonNode message : node.isArray() ? node : JsonRpcPeer.JSON.createArrayNode().add(node)) {
      peer.receive(message.toString());
      answered |= requestId.isPresent() && requestId.get().equals(message.get("id")) && !message.has("method");
    }
    return answered;
  }

  private void answerWithError(Optional<JsonNode> requestId, String message) {
    if (requestId.isEmpty()) {
      log.warn("{}", UntrustedText.escape(message)); // it may quote the server's body
      return;
    }
    ObjectNode error = JsonRpcPeer.JSON.createObjectNode().put("jsonrpc", "2.0");
    error.set("id", requestId.get());
    error.putObject("error").put("code", -32000).put("message", message);
    peer.receive(error.toString());
  }

  private static long parseRetry(String written, long fallback) {
    try {
      return Long.parseLong(written);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
