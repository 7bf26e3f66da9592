package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.ElicitationAnswer;
import io.astrid.capsule.api.security.ElicitationField;
import io.astrid.capsule.api.security.ElicitationRequest;
import io.astrid.capsule.api.tool.ToolCallerException;
import io.astrid.capsule.internal.text.UntrustedText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Answers a server's {@code elicitation/create} that no client of a call can answer (a CLI or cron call,
 * a client without the {@code elicitation} capability) through the runtime's {@link Approver} (issue 18):
 * the human sees the server's message and the requested fields and fills them in, declines or cancels.
 * Never answered by the runtime itself: no approver (headless) refuses the request, no answer in time
 * is {@code cancel}. An accepted answer is checked against the fields before it goes to the server.
 * Thread-safe.
 */
final class ApproverElicitation {
  static final String METHOD = "elicitation/create";
  /** No approver: every such request is refused. */
  static final ApproverElicitation NONE = new ApproverElicitation(Optional::empty, () -> Duration.ZERO);
  /** The most fields, and choices of one field, a form may have; a message is cut at this many characters. */
  static final int MAX_FIELDS = 100;
  static final int MAX_MESSAGE_CHARS = 8192;
  private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array");

  private final Supplier<Optional<Approver>> approver;
  private final Supplier<Duration> humanTimeout;

  /**
   * @param approver the runtime's approver now, if there is one
   * @param humanTimeout how long a form waits for the human now ({@code mcp.elicitation.timeout.ms})
   */
  ApproverElicitation(Supplier<Optional<Approver>> approver, Supplier<Duration> humanTimeout) {
    this.approver = approver;
    this.humanTimeout = humanTimeout;
  }

  /**
   * The {@code ElicitResult} of {@code params}, asked of the approver on behalf of mcp server
   * {@code serverId} of capsule {@code capsuleId}.
   *
   * @throws ToolCallerException when there is no approver, the request is malformed or not a form (URL
   *     mode), or the answer does not fit the fields
   */
  JsonNode answer(String capsuleId, String serverId, JsonNode params) {
    ElicitationRequest request = request(capsuleId, serverId, params);
    Approver human = approver.get().orElseThrow(() -> new ToolCallerException(ToolCallerException.INTERNAL_ERROR,
        METHOD + " refused: no client of a call can answer it and no approver is available (headless)"));
    ElicitationAnswer answer = human.fill(request, humanTimeout.get()).orElse(ElicitationAnswer.CANCEL);
    ObjectNode result = JsonRpcPeer.JSON.createObjectNode().put("action", answer.action().mcpName());
    if (answer.action() == ElicitationAnswer.Action.ACCEPT) {
      check(request.fields(), answer.content());
      result.set("content", JsonRpcPeer.JSON.valueToTree(answer.content()));
    }
    return result;
  }

  /** The form of {@code params}: its message and the properties of {@code requestedSchema}. */
  static ElicitationRequest request(String capsuleId, String serverId, JsonNode params) {
    if (params.path("mode").asText("form").equals("url")) {
      throw invalid("a URL elicitation cannot be shown by the runtime's approver");
    }
    if (!params.path("message").isTextual() || !params.path("requestedSchema").path("properties").isObject()) {
      throw invalid("it needs a string [message] and an object [requestedSchema.properties]");
    }
    List<String> required = new ArrayList<>();
    params.path("requestedSchema").path("required").forEach(name -> required.add(name.asText()));
    List<ElicitationField> fields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : params.path("requestedSchema").path("properties").properties()) {
      if (fields.size() == MAX_FIELDS) {
        throw invalid("it has more than " + MAX_FIELDS + " fields");
      }
      JsonNode schema = property.getValue();
      String type = schema.path("type").asText("");
      if (!TYPES.contains(type)) {
        throw invalid("field [" + shown(property.getKey()) + "] has type [" + shown(type) + "], expected one of "
            + TYPES.stream().sorted().toList());
      }
      fields.add(new ElicitationField(property.getKey(), type, text(schema, "title"), text(schema, "description"),
          choices(type.equals("array") ? schema.path("items") : schema), required.contains(property.getKey())));
    }
    return new ElicitationRequest(UUID.randomUUID().toString(), capsuleId, "mcp server [" + serverId + "]",
        UntrustedText.truncate(params.path("message").asText(), MAX_MESSAGE_CHARS), fields);
  }

  /** The allowed values of a property: {@code enum}, or the constants of {@code oneOf}/{@code anyOf}. */
  private static List<String> choices(JsonNode schema) {
    List<String> choices = new ArrayList<>();
    schema.path("enum").forEach(value -> choices.add(value.asText()));
    schema.path("oneOf").forEach(option -> choices.add(option.path("const").asText()));
    schema.path("anyOf").forEach(option -> choices.add(option.path("const").asText()));
    return choices.subList(0, Math.min(choices.size(), MAX_FIELDS));
  }

  private static Optional<String> text(JsonNode schema, String field) {
    return schema.path(field).isTextual()
        ? Optional.of(UntrustedText.truncate(schema.path(field).asText(), MAX_MESSAGE_CHARS)) : Optional.empty();
  }

  /** Every required field given, every value of its field's type and among its choices, no other field. */
  static void check(List<ElicitationField> fields, Map<String, Object> content) {
    for (ElicitationField field : fields) {
      Object value = content.get(field.name());
      if (value == null) {
        if (field.required()) {
          throw wrong("field [" + shown(field.name()) + "] is required");
        }
        continue;
      }
      boolean fits = switch (field.type()) {
        case "string" -> value instanceof String text && chosen(field, List.of(text));
        case "number" -> value instanceof Number;
        case "integer" -> value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue());
        case "boolean" -> value instanceof Boolean;
        default -> value instanceof List<?> items && items.stream().allMatch(String.class::isInstance)
            && chosen(field, items);
      };
      if (!fits) {
        throw wrong("field [" + shown(field.name()) + "] is not " + (field.choices().isEmpty()
            ? "a value of type [" + field.type() + "]" : "one of " + shown(field.choices().toString())) + ": "
            + shown(String.valueOf(value)));
      }
    }
    for (String name : content.keySet()) {
      if (fields.stream().noneMatch(field -> field.name().equals(name))) {
        throw wrong("field [" + shown(name) + "] was not asked for");
      }
    }
  }

  private static boolean chosen(ElicitationField field, List<?> values) {
    return field.choices().isEmpty() || field.choices().containsAll(values);
  }

  /** A server's name or a human's value in a message: cut short and escaped. */
  private static String shown(String untrusted) {
    return UntrustedText.escape(untrusted, 200);
  }

  private static ToolCallerException invalid(String why) {
    return new ToolCallerException(ProviderSampling.INVALID_PARAMS, METHOD + " refused: " + why);
  }

  private static ToolCallerException wrong(String why) {
    return new ToolCallerException(ToolCallerException.INTERNAL_ERROR, METHOD + " failed: the approver's answer"
        + " does not fit the form: " + why);
  }
}
