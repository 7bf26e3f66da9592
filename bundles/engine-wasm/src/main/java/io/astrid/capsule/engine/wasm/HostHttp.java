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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP for a guest, Extism's {@code http_request} and Astrid's {@code astrid_http_request}: every
 * request, and every redirect before it is followed, is put to the security gate; header names
 * and values with line breaks are refused; response bodies are capped. The last response's status and headers stay for
 * {@code http_status_code} and {@code http_headers}.
 */
final class HostHttp {
  static final int MAX_REDIRECTS = 5;
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CapsuleSecurityGate gate;
  private final SecuritySubject subject;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private int lastStatus;
  private String lastHeaders;

  HostHttp(CapsuleSecurityGate gate, SecuritySubject subject) {
    this.gate = gate;
    this.subject = subject;
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
    HttpResponse<byte[]> response = perform(spec, spec.path("body").asText("").getBytes(StandardCharsets.UTF_8),
        "astrid_http_request");
    ObjectNode json = JSON.createObjectNode().put("status", response.statusCode());
    json.set("headers", headersJson(response.headers().map()));
    String text = utf8OrNull(response.body());
    if (text != null) {
      json.put("body", text);
    } else {
      json.put("body_base64", Base64.getEncoder().encodeToString(response.body()));
    }
    return json.toString();
  }

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
  private HttpResponse<byte[]> perform(JsonNode spec, byte[] body, String function) {
    refuseLineBreaks(spec.path("headers"), function);
    String method = spec.path("method").asText("GET").toUpperCase(Locale.ROOT);
    GateRequest.Http next = new GateRequest.Http(method, spec.path("url").asText());
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      GateDecision decision = gate.check(subject, next);
      if (!decision.allowed()) {
        throw new WasmCallException(decision.reason());
      }
      HttpResponse<byte[]> response = exchange(next, spec.path("headers"), hop == 0 ? body : new byte[0], function);
      String location = response.headers().firstValue("Location").orElse(null);
      if (response.statusCode() / 100 == 3 && location != null) {
        next = next.redirectTo(location);
        continue;
      }
      lastStatus = response.statusCode();
      lastHeaders = headersJson(response.headers().map()).toString();
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

  private HttpResponse<byte[]> exchange(GateRequest.Http request, JsonNode headers, byte[] body, String function) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(Duration.ofSeconds(30))
        .method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      builder.header(header.getKey(), header.getValue().asText());
    }
    try {
      HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.body().length > MAX_BODY_BYTES) {
        throw new WasmCallException(function + ": the response has " + response.body().length + " bytes, at most "
            + MAX_BODY_BYTES);
      }
      return response;
    } catch (IOException e) {
      throw new WasmCallException(function + " to [" + request.url() + "] failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WasmCallException(function + " was interrupted", e);
    } catch (IllegalArgumentException e) {
      throw new WasmCallException(function + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode headersJson(Map<String, List<String>> headers) {
    ObjectNode json = JSON.createObjectNode();
    headers.forEach((name, values) -> json.put(name, String.join(", ", values)));
    return json;
  }
}
