package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The gateway's one JSON mapper (thread-safe once configured). */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
