package io.astrid.capsule.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * MCP's Streamable HTTP transport (2025-06-18/2025-11-25, "Transports"): POST carries one
 * JSON-RPC message, answered as JSON, or as an event stream for {@code tools/call}; GET opens the
 * session's stream for notifications; DELETE ends the session. Every request passes the
 * {@link HttpGuard} first; bodies over the cap are refused unread.
 */
final class McpServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";
  private static final String JSON = "application/json";
  private static final String EVENT_STREAM = "text/event-stream";

  private final transient Sessions sessions;
  private final transient Supplier<HttpGuard> guard;
  private final transient LongSupplier maxBodyBytes;

  /** {@code guard} and {@code maxBodyBytes} are asked at each request: they change in place (@Modified). */
  McpServlet(Sessions sessions, Supplier<HttpGuard> guard, LongSupplier maxBodyBytes) {
    this.sessions = sessions;
    this.guard = guard;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!guard.get().admits(request, response, message -> JsonRpc.error(null, JsonRpc.INVALID_REQUEST, message))) {
      return;
    }
    String version = request.getHeader(VERSION_HEADER);
    if (version != null && !McpSession.PROTOCOL_VERSIONS.contains(version)) {
      fail(response, 400, JsonRpc.INVALID_REQUEST, "unsupported protocol version [" + version + "]: expected one of "
          + McpSession.PROTOCOL_VERSIONS);
      return;
    }
    switch (request.getMethod()) {
      case "POST" -> post(request, response);
      case "GET" -> get(request, response);
      case "DELETE" -> delete(request, response);
      default -> {
        response.setHeader("Allow", "GET, POST, DELETE");
        fail(response, 405, JsonRpc.INVALID_REQUEST, "method not allowed [" + request.getMethod() + "]");
      }
    }
  }

  private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String accept = String.valueOf(request.getHeader("Accept"));
    boolean any = accept.contains("*/*");
    if (!any && (!accept.contains(JSON) || !accept.contains(EVENT_STREAM))) {
      fail(response, 406, JsonRpc.INVALID_REQUEST, "not acceptable: the client must accept both " + JSON + " and "
          + EVENT_STREAM);
      return;
    }
    long max = maxBodyBytes.getAsLong();
    Optional<byte[]> body = body(request, max);
    if (body.isEmpty()) {
      fail(response, 413, JsonRpc.INVALID_REQUEST, "request body over " + max + " bytes (gateway.request.max.bytes)");
      return;
    }
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(body.get());
    } catch (JsonProcessingException e) {
      fail(response, 400, JsonRpc.PARSE_ERROR, "parse error: " + e.getOriginalMessage());
      return;
    }
    if (message == null || message.isArray()) {
      fail(response, 400, JsonRpc.INVALID_REQUEST, message == null ? "invalid request: empty body"
          : "invalid request: batches are not supported (MCP 2025-06-18)");
      return;
    }
    McpSession session;
    if ("initialize".equals(message.path("method").asText()) && message.has("id")) {
      try {
        session = sessions.open();
      } catch (JsonRpc.Failure e) {
        fail(response, 503, e.code(), e.getMessage());
        return;
      }
      response.setHeader(SESSION_HEADER, session.id());
    } else {
      Optional<McpSession> found = session(request, response);
      if (found.isEmpty()) {
        return;
      }
      session = found.get();
    }
    if (!message.has("method") || !message.has("id")) {
      // A notification or a response: accepted, nothing to answer (Transports: 202).
      session.handle(message, m -> { });
      response.setStatus(202);
      return;
    }
    if ("tools/call".equals(message.path("method").asText())) {
      stream(session, message, response);
    } else {
      Optional<ObjectNode> reply = session.handle(message, m -> { });
      Json.write(response, 200, reply.orElseThrow());
    }
  }

  /** A tools/call: answered on an event stream, where messages about the call can go first. */
  private static void stream(McpSession session, JsonNode message, HttpServletResponse response) throws IOException {
    response.setStatus(200);
    response.setContentType(EVENT_STREAM);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    OutputStream out = response.getOutputStream();
    McpSession.Channel channel = new McpSession.Channel() {
      @Override
      public void send(ObjectNode message) throws IOException {
        event(out, message);
      }

      @Override
      public void running() throws IOException {
        out.flush();
      }
    };
    Optional<ObjectNode> reply = session.handle(message, channel);
    if (reply.isPresent()) {
      try {
        // Not flushed: the response ends here, and its end sends the event with the last chunk in one
        // write, where a flush first would send a packet more per call.
        write(out, event(reply.get()));
      } catch (IOException e) {
        // The client went away during the call (a disconnect is not a cancellation): the result is dropped.
      }
    }
  }

  private void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!String.valueOf(request.getHeader("Accept")).contains(EVENT_STREAM)) {
      fail(response, 405, JsonRpc.INVALID_REQUEST, "GET opens an event stream: the client must accept "
          + EVENT_STREAM);
      return;
    }
    Optional<McpSession> found = session(request, response);
    if (found.isEmpty()) {
      return;
    }
    McpSession session = found.get();
    if (session.hasStandalone()) {
      fail(response, 409, JsonRpc.INVALID_REQUEST, "conflict: session [" + session.id()
          + "] has an event stream open already");
      return;
    }
    response.setStatus(200);
    response.setContentType(EVENT_STREAM);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    OutputStream out = response.getOutputStream();
    out.flush();
    session.attach(new McpSession.Channel() {
      @Override
      public void send(ObjectNode message) throws IOException {
        try {
          event(out, message);
        } catch (IOException | RuntimeException e) {
          async.complete();
          throw e instanceof IOException io ? io : new IOException(e);
        }
      }

      @Override
      public void close() {
        async.complete();
      }
    });
  }

  private void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Optional<McpSession> found = session(request, response);
    if (found.isPresent()) {
      sessions.close(found.get().id());
      response.setStatus(200);
    }
  }

  /** The request's session, or empty after answering 400 (no header) or 404 (unknown or expired). */
  private Optional<McpSession> session(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String id = request.getHeader(SESSION_HEADER);
    if (id == null) {
      fail(response, 400, JsonRpc.INVALID_REQUEST, "bad request: no " + SESSION_HEADER
          + " header (send initialize first)");
      return Optional.empty();
    }
    Optional<McpSession> session = sessions.get(id);
    if (session.isEmpty()) {
      fail(response, 404, JsonRpc.INVALID_REQUEST, "session not found [" + id + "]: it ended or expired; "
          + "initialize a new one");
    }
    return session;
  }

  /** The body, or empty when it is over the cap; at most cap + 1 bytes are ever read. */
  static Optional<byte[]> body(HttpServletRequest request, long maxBodyBytes) throws IOException {
    if (request.getContentLengthLong() > maxBodyBytes) {
      return Optional.empty();
    }
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      return bytes.length > maxBodyBytes ? Optional.empty() : Optional.of(bytes);
    }
  }

  /** Sends {@code message} as an event at once. */
  private static void event(OutputStream out, ObjectNode message) throws IOException {
    synchronized (out) {
      write(out, event(message));
      out.flush();
    }
  }

  private static void write(OutputStream out, byte[] event) throws IOException {
    synchronized (out) {
      out.write(event);
    }
  }

  private static byte[] event(ObjectNode message) throws IOException {
    return ("event: message\ndata: " + Json.MAPPER.writeValueAsString(message) + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void fail(HttpServletResponse response, int status, int code, String message) throws IOException {
    Json.write(response, status, JsonRpc.error(null, code, message));
  }
}
