package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The gateway's one JSON mapper (thread-safe once configured), and its one way to answer with JSON. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Answers {@code status} with {@code document} as the whole body, its length given. */
  static void write(HttpServletResponse response, int status, ObjectNode document) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = MAPPER.writeValueAsBytes(document);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
