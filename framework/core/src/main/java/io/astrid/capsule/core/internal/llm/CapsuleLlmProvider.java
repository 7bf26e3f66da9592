package io.astrid.capsule.core.internal.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.llm.LlmProvider;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One {@code [[llm_provider]]} of a capsule, answered by its plugin's {@value LlmProvider#EXPORT}
 * export through {@link CapsuleRegistry#invoke} (so interceptors and the per-call timeout apply).
 * Both directions are checked here, so the plugin gets only well-formed requests and the caller only
 * well-formed answers, each refusal naming what was wrong.
 */
final class CapsuleLlmProvider implements LlmProvider {
  /** The largest request or answer, in bytes of UTF-8; a conversation larger than this is refused. */
  static final int MAX_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String capsuleId;
  private final io.astrid.capsule.api.manifest.LlmProvider entry;
  private final CapsuleRegistry registry;

  CapsuleLlmProvider(String capsuleId, io.astrid.capsule.api.manifest.LlmProvider entry, CapsuleRegistry registry) {
    this.capsuleId = capsuleId;
    this.entry = entry;
    this.registry = registry;
  }

  @Override
  public String id() {
    return entry.id();
  }

  @Override
  public String capsuleId() {
    return capsuleId;
  }

  @Override
  public Optional<String> description() {
    return entry.description();
  }

  @Override
  public List<String> capabilities() {
    return entry.capabilities();
  }

  @Override
  public String complete(String request) {
    ObjectNode input = JSON.createObjectNode().put("provider", entry.id());
    input.set("request", checkedRequest(request));
    byte[] answer = registry.invoke(capsuleId, EXPORT, input.toString().getBytes(StandardCharsets.UTF_8));
    return checkedAnswer(answer);
  }

  private JsonNode checkedRequest(String request) {
    if (request.length() > MAX_BYTES) {
      throw refused("request", "it is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode node = parse(request, "request");
    JsonNode messages = node.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw refused("request", "\"messages\" must be a non-empty array");
    }
    for (int i = 0; i < messages.size(); i++) {
      if (!messages.get(i).path("role").isTextual()) {
        throw refused("request", "messages[" + i + "] has no \"role\" string");
      }
    }
    if (node.has("model") || node.has("stream")) {
      throw refused("request", "\"model\" and \"stream\" are the provider's to set");
    }
    return node;
  }

  private String checkedAnswer(byte[] answer) {
    if (answer.length > MAX_BYTES) {
      throw refused("answer", "it is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode node = parse(new String(answer, StandardCharsets.UTF_8), "answer");
    JsonNode message = node.path("message");
    if (!message.isObject() || !message.path("role").isTextual()) {
      throw refused("answer", "it has no \"message\" object with a \"role\"");
    }
    return node.toString();
  }

  private JsonNode parse(String text, String what) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw refused(what, "it is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw refused(what, "it is not JSON: " + e.getOriginalMessage());
    }
  }

  private CapsuleException refused(String what, String why) {
    return new CapsuleException("llm provider [" + entry.id() + "] of capsule [" + capsuleId + "]: the " + what
        + " is not valid: " + why);
  }
}
