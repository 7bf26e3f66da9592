package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * HTTP for a guest, Extism's {@code http_request} and Astrid's {@code astrid_http_request}: every
 * request, and every redirect before it is followed, is put to the security gate; header names
 * and values with line breaks are refused. The connection goes to the addresses the gate resolved
 * and judged, never to a name resolved again (Jetty's {@link SocketAddressResolver} is handed the
 * judged addresses through the request's tag), while the URL keeps its name for the Host header,
 * TLS SNI and certificate checks. A response is read as it streams: its headers at most
 * {@value #MAX_HEADER_BYTES} bytes, its body at most {@value #MAX_BODY_BYTES} (byte cap + 1 ends the
 * exchange and closes the connection), and the whole exchange, redirects included, within
 * {@link #TIMEOUT} (a server that trickles or never ends does not hold the call). The last
 * response's status and headers stay for {@code http_status_code} and {@code http_headers}.
 */
final class HostHttp implements AutoCloseable {
  static final int MAX_REDIRECTS = 5;
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
  static final int MAX_HEADER_BYTES = 64 * 1024;
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The addresses the gate judged for one request: the only ones its connection may go to. */
  private record Judged(List<InetAddress> addresses) {}

  /** Connects a request to its judged addresses; a request without any is refused, never resolved here. */
  private static final SocketAddressResolver JUDGED_ONLY = (host, port, context, promise) -> {
    Object destination = context.get(Destination.CONTEXT_KEY);
    if (destination instanceof Destination d && d.getOrigin().getTag() instanceof Judged judged) {
      promise.succeeded(judged.addresses().stream().map(address -> new InetSocketAddress(address, port)).toList());
    } else {
      promise.failed(new UnknownHostException(host + ": no address was judged by the security gate"));
    }
  };

  private final CapsuleSecurityGate gate;
  private final SecuritySubject subject;
  private final HttpClient client = new HttpClient();
  private int lastStatus;
  private String lastHeaders;

  HostHttp(CapsuleSecurityGate gate, SecuritySubject subject) {
    this.gate = gate;
    this.subject = subject;
    client.setFollowRedirects(false);
    client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
    client.setMaxResponseHeadersSize(MAX_HEADER_BYTES);
    client.setSocketAddressResolver(JUDGED_ONLY);
    client.setExecutor(new VirtualThreadPool());
  }

  int lastStatus() {
    return lastStatus;
  }

  String lastHeaders() {
    return lastHeaders;
  }

  /** Extism's {@code http_request}: {@code request} is {@code {"url", "method", "headers"}}; the response body. */
  byte[] send(String request, byte[] body) {
    return perform(parse(request, "http_request"), body, "http_request").body();
  }

  /**
   * Astrid's {@code astrid_http_request}: {@code {"url", "method", "headers", "body"}} in, and
   * {@code {"status", "headers", "body"}} out; a body that is not UTF-8 text comes as
   * {@code body_base64} instead.
   */
  String sendJson(String request) {
    JsonNode spec = parse(request, "astrid_http_request");
    Answer response = perform(spec, spec.path("body").asText("").getBytes(StandardCharsets.UTF_8),
        "astrid_http_request");
    ObjectNode json = JSON.createObjectNode().put("status", response.status());
    json.set("headers", response.headers());
    String text = utf8OrNull(response.body());
    if (text != null) {
      json.put("body", text);
    } else {
      json.put("body_base64", Base64.getEncoder().encodeToString(response.body()));
    }
    return json.toString();
  }

  /** A response as read: status, headers as JSON (lowercase names, values joined), and the whole body. */
  private record Answer(int status, ObjectNode headers, String location, byte[] body) {}

  private static JsonNode parse(String request, String function) {
    try {
      JsonNode spec = JSON.readTree(request);
      if (spec == null || !spec.isObject() || !spec.path("url").isTextual()) {
        throw new WasmCallException(function + ": the request must be a JSON object with a \"url\" string");
      }
      return spec;
    } catch (JsonProcessingException e) {
      throw new WasmCallException(function + ": the request is not JSON: " + e.getOriginalMessage());
    }
  }

  /** The request {@code spec} with {@code body}, through the gate at each hop; errors name {@code function}. */
  private Answer perform(JsonNode spec, byte[] body, String function) {
    refuseLineBreaks(spec.path("headers"), function);
    String method = spec.path("method").asText("GET").toUpperCase(Locale.ROOT);
    GateRequest.Http next = new GateRequest.Http(method, spec.path("url").asText());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      GateDecision decision = gate.check(subject, next);
      if (!decision.allowed()) {
        throw new WasmCallException(decision.reason());
      }
      if (decision.addresses().isEmpty()) {
        throw new WasmCallException(function + " to [" + next.url() + "] failed: the security gate judged no address"
            + " to connect to");
      }
      Answer response = exchange(next, decision.addresses(), spec.path("headers"), hop == 0 ? body : new byte[0],
          deadline, function);
      if (response.status() / 100 == 3 && response.location() != null) {
        next = next.redirectTo(response.location());
        continue;
      }
      lastStatus = response.status();
      lastHeaders = response.headers().toString();
      return response;
    }
    throw new WasmCallException(function + ": more than " + MAX_REDIRECTS + " redirects");
  }

  /** Refuses a header whose name or value has a line break (a smuggled header), before anything is asked or sent. */
  private static void refuseLineBreaks(JsonNode headers, String function) {
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      String value = header.getValue().asText();
      if (header.getKey().matches(".*[\\r\\n].*") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new WasmCallException(function + ": header [" + header.getKey().strip() + "] contains a line break");
      }
    }
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return ExtismKernel.utf8(bytes, "astrid_http_request");
    } catch (WasmCallException e) {
      return null;
    }
  }

  /** One hop: sent to the judged addresses, read within the deadline and the caps. */
  private Answer exchange(GateRequest.Http hop, List<InetAddress> addresses, JsonNode headers, byte[] body,
      long deadline, String function) {
    long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (leftMs <= 0) {
      throw timedOut(hop, function);
    }
    Request request;
    try {
      request = started().newRequest(hop.url()).method(hop.method()).tag(new Judged(addresses))
          .timeout(leftMs, TimeUnit.MILLISECONDS);
    } catch (IllegalArgumentException e) {
      throw new WasmCallException(function + ": " + e.getMessage(), e);
    }
    request.headers(fields -> headers.fields().forEachRemaining(h -> fields.add(h.getKey(), h.getValue().asText())));
    if (body.length > 0) {
      request.body(new BytesRequestContent(body));
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    try {
      Response response = listener.get(leftMs, TimeUnit.MILLISECONDS);
      byte[] content;
      try (InputStream in = listener.getInputStream()) {
        content = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (content.length > MAX_BODY_BYTES) {
        request.abort(new IOException("the response body passed the cap"));
        throw new WasmCallException(function + ": the response from [" + hop.url() + "] has more than "
            + MAX_BODY_BYTES + " bytes, at most " + MAX_BODY_BYTES + "; the connection was closed");
      }
      return new Answer(response.getStatus(), headersJson(response), response.getHeaders().get("Location"), content);
    } catch (TimeoutException e) {
      request.abort(e);
      throw timedOut(hop, function);
    } catch (InterruptedException | InterruptedIOException e) {
      // The watchdog interrupts a call past its timeout (or an unload does): the exchange ends with it.
      request.abort(e);
      Thread.currentThread().interrupt();
      throw new WasmCallException(function + " to [" + hop.url() + "] was interrupted (the call's timeout or an"
          + " unload); the connection was closed", e);
    } catch (ExecutionException | IOException e) {
      request.abort(e);
      if (System.nanoTime() - deadline >= 0) {
        throw timedOut(hop, function);
      }
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new WasmCallException(function + " to [" + hop.url() + "] failed: " + cause.getMessage(), cause);
    }
  }

  private static WasmCallException timedOut(GateRequest.Http hop, String function) {
    return new WasmCallException(function + " to [" + hop.url() + "] timed out after " + TIMEOUT.toMillis()
        + " ms; the connection was closed");
  }

  private HttpClient started() {
    synchronized (client) {
      if (!client.isStarted()) {
        try {
          client.start();
        } catch (Exception e) {
          throw new WasmCallException("the HTTP client could not start: " + e.getMessage(), e);
        }
      }
      return client;
    }
  }

  private static ObjectNode headersJson(Response response) {
    Map<String, List<String>> grouped = new LinkedHashMap<>();
    for (HttpField field : response.getHeaders()) {
      grouped.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new java.util.ArrayList<>())
          .add(field.getValue());
    }
    ObjectNode json = JSON.createObjectNode();
    grouped.forEach((name, values) -> json.put(name, String.join(", ", values)));
    return json;
  }

  /** Stops the client and closes its connections; a request still running fails. */
  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP client could not stop: " + e.getMessage(), e);
    }
  }
}
