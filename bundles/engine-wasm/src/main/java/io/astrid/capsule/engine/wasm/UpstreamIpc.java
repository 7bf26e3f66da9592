package io.astrid.capsule.engine.wasm;

import static io.astrid.capsule.engine.wasm.AstridHost.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.host.MessageBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The IPC messages as the upstream runtime (unicity-astrid/astrid at e4e34713, crates/astrid-events
 * ipc.rs) hands them to guests, so that a guest written for it reads ours alike (issue 18): a
 * payload must be JSON; one whose {@code type} is a standard one must have that type's fields; a
 * poll answers {@code {"messages": [...], "dropped": N}}, each message
 * {@code {"topic", "payload", "signature", "source_id", "timestamp"}} plus our {@code sender}, the
 * payload as upstream's tagged form ({@code {"type": "custom", "data": ...}} for any other JSON).
 */
final class UpstreamIpc {
  /** Upstream's limit on a topic's length, in bytes. */
  static final int MAX_TOPIC_BYTES = 256;

  /** Upstream's limit on a namespaced topic's dot-separated segments. */
  static final int MAX_TOPIC_SEGMENTS = 8;

  /** The payload bytes one poll returns at most (upstream's guest payload limit, 10 MiB). */
  static final int MAX_POLL_BYTES = ExtismKernel.MAX_PAYLOAD_BYTES;

  /** Upstream's standard payload types and their fields: a string field, or {@code is_final} a boolean. */
  private static final Map<String, String[]> STANDARD = Map.of(
      "user_input", new String[] {"text"},
      "agent_response", new String[] {"text", "is_final"},
      "approval_required", new String[] {"action", "resource", "reason"},
      "custom", new String[] {"data"});

  private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private UpstreamIpc() {}

  /** Refuses what upstream's {@code astrid_ipc_publish} refuses: a long topic, many segments, a payload not JSON. */
  static void checkPublish(String capsuleId, String topic, byte[] payload) {
    if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
      throw new WasmCallException("astrid_ipc_publish: topic [" + topic + "] has more than " + MAX_TOPIC_BYTES
          + " bytes");
    }
    String namespaced = MessageBus.namespaced(capsuleId, topic);
    if (namespaced.split("\\.", -1).length > MAX_TOPIC_SEGMENTS) {
      throw new WasmCallException("astrid_ipc_publish: topic [" + namespaced + "] has more than "
          + MAX_TOPIC_SEGMENTS + " segments");
    }
    JsonNode json = parse(payload).orElseThrow(
        () -> new WasmCallException("astrid_ipc_publish: the payload on [" + namespaced + "] is not valid JSON"));
    standard(json).ifPresent(type -> {
      if (tagged(type, json) == null) {
        throw new WasmCallException("astrid_ipc_publish: the payload on [" + namespaced + "] is not a valid ["
            + type + "] message: it needs " + String.join(", ", STANDARD.get(type)));
      }
    });
  }

  /** The bytes as one JSON value, or empty when they are not one (trailing bytes too, as serde_json refuses them). */
  private static Optional<JsonNode> parse(byte[] bytes) {
    try {
      return Optional.ofNullable(STRICT.readTree(bytes)).filter(json -> !json.isMissingNode());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> standard(JsonNode json) {
    JsonNode type = json.path("type");
    return type.isTextual() && STANDARD.containsKey(type.asText()) ? Optional.of(type.asText()) : Optional.empty();
  }

  /** The payload of standard {@code type} with its fields only, in upstream's order; null when one is missing. */
  private static ObjectNode tagged(String type, JsonNode json) {
    ObjectNode node = JSON.createObjectNode().put("type", type);
    for (String field : STANDARD.get(type)) {
      JsonNode value = json.get(field);
      boolean fits = switch (field) {
        case "data" -> value != null;
        case "is_final" -> value != null && value.isBoolean();
        default -> value != null && value.isTextual();
      };
      if (!fits) {
        return null;
      }
      node.set(field, value);
    }
    if (type.equals("user_input") && json.hasNonNull("context")) {
      node.set("context", json.get("context"));
    }
    return node;
  }

  /** Upstream's payload: a standard message as it is, anything else (JSON or, from the host, text) as custom data. */
  static JsonNode payload(byte[] bytes) {
    JsonNode json = parse(bytes)
        .orElseGet(() -> JSON.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8)));
    ObjectNode tagged = standard(json).map(type -> tagged(type, json)).orElse(null);
    return tagged != null ? tagged : JSON.createObjectNode().put("type", "custom").set("data", json);
  }

  /** The id upstream gives a sender (a capsule's UUID): a name-based UUID of the capsule's name, the same every run. */
  static String sourceId(String sender) {
    return UUID.nameUUIDFromBytes(("astrid-capsule:" + sender).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * One subscription as a guest polls it: each poll takes every queued message whose payloads fit in
   * {@link #MAX_POLL_BYTES} together; the first that does not fit waits for the next poll (upstream
   * drops it and counts it; nothing here is lost but what the bus's full queue dropped).
   */
  static final class Poller {
    private final MessageBus.Subscription subscription;
    private final ArrayDeque<Held> held = new ArrayDeque<>(1);

    private record Held(MessageBus.Message message, JsonNode payload, int length) {}

    Poller(MessageBus.Subscription subscription) {
      this.subscription = subscription;
    }

    MessageBus.Subscription subscription() {
      return subscription;
    }

    /** {@code {"messages": [...], "dropped": N}}, the messages oldest first; never waits. */
    synchronized String poll() {
      ArrayNode messages = JSON.createArrayNode();
      long bytes = 0;
      while (true) {
        Held next = held.isEmpty() ? subscription.poll().map(Poller::hold).orElse(null) : held.poll();
        if (next == null) {
          break;
        }
        if (bytes + next.length() > MAX_POLL_BYTES && !messages.isEmpty()) {
          held.add(next);
          break;
        }
        bytes += next.length();
        messages.add(JSON.createObjectNode().put("topic", next.message().topic()).<ObjectNode>set("payload",
            next.payload()).putNull("signature").put("source_id", sourceId(next.message().sender()))
            .put("timestamp", next.message().published().toString()).put("sender", next.message().sender()));
      }
      ObjectNode result = JSON.createObjectNode();
      result.set("messages", messages);
      return result.put("dropped", subscription.takeDropped()).toString();
    }

    private static Held hold(MessageBus.Message message) {
      JsonNode payload = payload(message.payload());
      try {
        return new Held(message, payload, JSON.writeValueAsBytes(payload).length);
      } catch (JsonProcessingException e) {
        throw new WasmCallException("astrid_ipc_poll: the message on [" + message.topic() + "] cannot be written: "
            + e.getMessage(), e);
      }
    }
  }
}
