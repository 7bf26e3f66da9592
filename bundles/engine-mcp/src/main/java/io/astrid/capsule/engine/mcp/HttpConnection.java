package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;

/**
 * MCP Streamable HTTP: every message is a POST; a request's answer comes back as JSON or as an
 * SSE stream (which may carry notifications before it). The session id the server gives at
 * initialize is sent with every later message, and the negotiated protocol version too. A stream
 * that ends before the answer is resumed with a GET carrying {@code Last-Event-ID}, after the
 * server's {@code retry} delay. HTTP failures become error responses for the request concerned.
 *
 * <p>Connections go to the addresses the security gate judged when the server was loaded, never
 * to the name resolved again (Jetty's resolver hook; the URL keeps its name for Host, SNI and
 * certificates). What the server sends is bounded: a JSON body and an SSE line at most
 * {@value #MAX_MESSAGE_BYTES} bytes, headers {@value #MAX_HEADER_BYTES}; past a cap the request
 * gets an error naming it and the stream is closed (issue 13 finding 4).
 */
final class HttpConnection implements ServerConnection {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_RESUMPTIONS = 5;
  static final long DEFAULT_RETRY_MS = 1000;
  static final int MAX_MESSAGE_BYTES = StdioServer.MAX_LINE_BYTES;
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /** How long a POST waits for the response's headers; the caller's own request timeout is usually shorter. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(5);

  private final URI url;
  private final Map<String, String> headers;
  private final Runnable onSessionLost;
  private final Logger log;
  private final HttpClient client = new HttpClient();
  private final JsonRpcPeer peer;
  private volatile String sessionId;
  private volatile String protocolVersion;

  HttpConnection(URI url, List<InetAddress> addresses, Map<String, String> headers, Consumer<JsonNode> onNotification,
      Consumer<JsonNode> onRequest, Runnable onSessionLost, Logger log) throws IOException {
    if (addresses.isEmpty()) {
      throw new IOException("connecting to [" + url + "] failed: the security gate judged no address to connect to");
    }
    client.setFollowRedirects(false);
    client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
    client.setMaxResponseHeadersSize(MAX_HEADER_BYTES);
    client.setExecutor(new VirtualThreadPool());
    List<InetAddress> judged = List.copyOf(addresses);
    client.setSocketAddressResolver((host, port, context, promise) ->
        promise.succeeded(judged.stream().map(address -> new InetSocketAddress(address, port)).toList()));
    try {
      client.start();
    } catch (Exception e) {
      throw new IOException("the HTTP client could not start: " + e.getMessage(), e);
    }
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
        base().method(HttpMethod.DELETE).timeout(2, TimeUnit.SECONDS).send();
      } catch (ExecutionException | TimeoutException e) {
        log.debug("ending the session failed: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      client.stop();
    } catch (Exception e) {
      log.debug("stopping the HTTP client failed: {}", e.getMessage());
    }
  }

  /** Sends one message; the answer, if any, is read on a virtual thread and handed to the peer. */
  private void post(String message) throws IOException {
    JsonNode parsed = JsonRpcPeer.JSON.readTree(message);
    Optional<JsonNode> requestId = parsed.has("method") && parsed.has("id")
        ? Optional.of(parsed.get("id")) : Optional.empty();
    Request request = base().method(HttpMethod.POST)
        .headers(fields -> fields.put("Accept", "application/json, text/event-stream"))
        .body(new StringRequestContent("application/json", message, StandardCharsets.UTF_8));
    Thread.ofVirtual().name("mcp-http").start(() -> exchange(request, requestId));
  }

  /** Sends {@code request}; the response's headers, its body streaming behind them. */
  private static Streamed send(Request request) throws IOException, InterruptedException {
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    try {
      return new Streamed(listener.get(RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), listener.getInputStream());
    } catch (TimeoutException | ExecutionException e) {
      request.abort(e);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }

  private record Streamed(Response response, InputStream body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(response.getHeaders().get(name));
    }
  }

  private void exchange(Request request, Optional<JsonNode> requestId) {
    try {
      Streamed response = send(request);
      response.header("Mcp-Session-Id").ifPresent(id -> sessionId = id);
      int status = response.response().getStatus();
      if (status == 404 && sessionId != null) {
        answerWithError(requestId, "the server ended the session (HTTP 404)");
        onSessionLost.run();
        return;
      }
      if (status >= 400) {
        String body;
        try (InputStream in = response.body()) {
          body = new String(in.readNBytes(500), StandardCharsets.UTF_8);
        }
        answerWithError(requestId, "HTTP " + status + (body.isBlank() ? "" : ": " + body.strip()));
        return;
      }
      String type = response.header("Content-Type").orElse("");
      if (type.startsWith("text/event-stream")) {
        readEvents(response.body(), requestId, 0);
      } else if (type.startsWith("application/json")) {
        try (InputStream body = response.body()) {
          byte[] json = body.readNBytes(MAX_MESSAGE_BYTES + 1);
          if (json.length > MAX_MESSAGE_BYTES) {
            request.abort(new IOException("the body passed the cap"));
            answerWithError(requestId, "the server's answer has more than " + MAX_MESSAGE_BYTES + " bytes, at most "
                + MAX_MESSAGE_BYTES + "; the connection was closed");
            return;
          }
          deliver(new String(json, StandardCharsets.UTF_8));
        }
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
    try (InputStream events = stream) {
      BoundedLines lines = BoundedLines.endingAtCap(events, MAX_MESSAGE_BYTES);
      StringBuilder data = new StringBuilder();
      for (Optional<BoundedLines.Line> next = nextEventLine(lines, requestId); next.isPresent();
          next = nextEventLine(lines, requestId)) {
        String line = next.get().text();
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            answered |= deliver(data.toString(), requestId);
            data.setLength(0);
          }
          if (answered) {
            return;
          }
        } else if (line.startsWith("data:")) {
          if (data.length() + line.length() > MAX_MESSAGE_BYTES) {
            answerWithError(requestId, "an event from the server has more than " + MAX_MESSAGE_BYTES + " bytes of"
                + " data; the stream was closed");
            return;
          }
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
    String resumeFrom = lastEventId;
    Streamed response = send(base().method(HttpMethod.GET)
        .headers(fields -> fields.put("Accept", "text/event-stream").put("Last-Event-ID", resumeFrom)));
    if (response.response().getStatus() >= 400) {
      response.body().close();
      answerWithError(requestId, "resuming the stream failed: HTTP " + response.response().getStatus());
      return;
    }
    readEvents(response.body(), requestId, resumptions + 1);
  }

  /** The next line of an event stream; at a line past the cap, the request's error and the end of the stream. */
  private Optional<BoundedLines.Line> nextEventLine(BoundedLines lines, Optional<JsonNode> requestId) {
    try {
      return lines.next();
    } catch (IOException e) {
      answerWithError(requestId, "an event line from the server has more than " + MAX_MESSAGE_BYTES + " bytes, at"
          + " most " + MAX_MESSAGE_BYTES + "; the stream was closed");
      return Optional.empty();
    }
  }

  private Request base() {
    String session = sessionId;
    String version = protocolVersion;
    return client.newRequest(url).headers(fields -> {
      headers.forEach(fields::put);
      if (session != null) {
        fields.put("Mcp-Session-Id", session);
      }
      if (version != null) {
        fields.put("MCP-Protocol-Version", version);
      }
    });
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
