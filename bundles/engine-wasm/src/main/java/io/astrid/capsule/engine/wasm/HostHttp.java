package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.engine.support.GatedHttp;
import io.astrid.capsule.engine.support.GatedHttpException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP for a guest, Extism's {@code http_request} and Astrid's {@code astrid_http_request}, as
 * {@link GatedHttp} sends it: the gate at every hop, the connection pinned to the judged addresses,
 * the caps and the deadline. A body over {@link GatedHttp#MAX_BODY_BYTES} fails the call. The last
 * response's status and headers stay for {@code http_status_code} and {@code http_headers}.
 */
final class HostHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GatedHttp http;
  private int lastStatus;
  private String lastHeaders;

  HostHttp(CapsuleSecurityGate gate, SecuritySubject subject) {
    this.http = new GatedHttp(gate, subject);
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
    GatedHttp.Response response = perform(spec, spec.path("body").asText("").getBytes(StandardCharsets.UTF_8),
        "astrid_http_request");
    ObjectNode json = JSON.createObjectNode().put("status", response.status());
    json.set("headers", JSON.valueToTree(response.headers()));
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

  /** The request {@code spec} with {@code body}; errors name {@code function}. */
  private GatedHttp.Response perform(JsonNode spec, byte[] body, String function) {
    Map<String, String> headers = new LinkedHashMap<>();
    spec.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    GatedHttp.Response response;
    try {
      response = http.send(function, spec.path("method").asText("GET"), spec.path("url").asText(), headers, body,
          GatedHttp.MAX_BODY_BYTES);
    } catch (GatedHttpException e) {
      throw new WasmCallException(e.getMessage(), e);
    }
    if (response.truncated()) {
      throw new WasmCallException(function + ": the response from [" + response.url() + "] has more than "
          + GatedHttp.MAX_BODY_BYTES + " bytes, at most " + GatedHttp.MAX_BODY_BYTES
          + "; the connection was closed");
    }
    lastStatus = response.status();
    lastHeaders = JSON.valueToTree(response.headers()).toString();
    return response;
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return ExtismKernel.utf8(bytes, "astrid_http_request");
    } catch (WasmCallException e) {
      return null;
    }
  }

  /** Stops the client and closes its connections; a request still running fails. */
  @Override
  public void close() {
    http.close();
  }
}
