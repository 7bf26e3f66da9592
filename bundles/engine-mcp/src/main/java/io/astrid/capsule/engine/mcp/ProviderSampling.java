package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.llm.LlmProvider;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolCallerException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Answers a server's {@code sampling/createMessage} through the {@link LlmProvider} that the setting
 * {@code mcp.sampling.provider} names, instead of the calling client: off while the setting is empty.
 * Every request is put to a human first (capability {@value #CAPABILITY}): the calling client's when it
 * can ask ({@link ToolCaller#canAsk}), else the runtime's {@link Approver}; no answer, a denial or no
 * approver at all refuses it. The MCP request becomes the provider's chat request (docs/llm.md) and its
 * answer an MCP {@code CreateMessageResult}. Thread-safe.
 */
final class ProviderSampling {
  static final String CAPABILITY = "sampling";
  static final String METHOD = "sampling/createMessage";
  /** JSON-RPC's invalid params. */
  static final int INVALID_PARAMS = -32602;
  /** Sampling answered by the calling client only. */
  static final ProviderSampling OFF = new ProviderSampling(() -> "", List::of, Optional::empty);

  private final Supplier<String> providerId;
  private final Supplier<List<LlmProvider>> providers;
  private final Supplier<Optional<Approver>> approver;

  /**
   * @param providerId the configured provider's id, read at each request; blank: off
   * @param providers the provider services there are now
   * @param approver the runtime's approver, if there is one
   */
  ProviderSampling(Supplier<String> providerId, Supplier<List<LlmProvider>> providers,
      Supplier<Optional<Approver>> approver) {
    this.providerId = providerId;
    this.providers = providers;
    this.approver = approver;
  }

  /** Whether a provider is configured: then sampling requests are answered here, not by the client. */
  boolean enabled() {
    return !providerId.get().isBlank();
  }

  /**
   * The result of {@code params}, a {@code sampling/createMessage} of mcp server {@code serverId} of
   * capsule {@code capsuleId} made during a call of {@code caller} (null: no client made it).
   *
   * @throws ToolCallerException when the provider is missing, a human did not allow it, or the provider failed
   */
  JsonNode answer(String capsuleId, String serverId, ToolCaller caller, JsonNode params, Duration timeout) {
    String id = providerId.get();
    LlmProvider provider = providers.get().stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> refused("llm provider [" + id + "] (mcp.sampling.provider) is not running"));
    ApprovalRequest question = new ApprovalRequest(UUID.randomUUID().toString(), capsuleId, CAPABILITY,
        "mcp server [" + serverId + "] through llm provider [" + id + "]");
    Optional<ApprovalAnswer> answer = caller != null && caller.canAsk() ? caller.ask(question, timeout)
        : approver.get().orElseThrow(() -> refused("no approver is available (headless) to allow " + question))
            .ask(question, timeout);
    if (!answer.map(ApprovalAnswer::allows).orElse(false)) {
      throw refused(answer.isEmpty() ? "no answer within " + timeout.toMillis() + " ms to " + question
          : "denied: " + question);
    }
    try {
      JsonNode completed = JsonRpcPeer.JSON.readTree(provider.complete(chatRequest(params).toString()));
      return result(completed, id);
    } catch (CapsuleException | IOException e) {
      throw new ToolCallerException(ToolCallerException.INTERNAL_ERROR, METHOD + " failed [llm provider [" + id
          + "]]: " + e.getMessage());
    }
  }

  /** MCP's messages (text only), system prompt, token limit, temperature and stop sequences as a chat request. */
  static ObjectNode chatRequest(JsonNode params) {
    ObjectNode request = JsonRpcPeer.JSON.createObjectNode();
    ArrayNode messages = request.putArray("messages");
    if (params.path("systemPrompt").isTextual()) {
      messages.addObject().put("role", "system").put("content", params.path("systemPrompt").asText());
    }
    for (JsonNode message : params.path("messages")) {
      JsonNode content = message.path("content");
      if (!content.path("type").asText().equals("text")) {
        throw new ToolCallerException(INVALID_PARAMS, METHOD + " refused: only text content can"
            + " be sampled through an llm provider, not [" + content.path("type").asText() + "]");
      }
      messages.addObject().put("role", message.path("role").asText("user")).put("content",
          content.path("text").asText());
    }
    if (params.path("maxTokens").canConvertToInt()) {
      request.put("max_tokens", params.path("maxTokens").asInt());
    }
    if (params.path("temperature").isNumber()) {
      request.put("temperature", params.path("temperature").asDouble());
    }
    if (params.path("stopSequences").isArray()) {
      request.set("stop", params.path("stopSequences"));
    }
    return request;
  }

  /** The provider's answer as MCP's {@code CreateMessageResult}. */
  static ObjectNode result(JsonNode completed, String providerId) {
    ObjectNode result = JsonRpcPeer.JSON.createObjectNode().put("role", "assistant").put("model", providerId);
    result.putObject("content").put("type", "text").put("text", completed.path("message").path("content").asText(""));
    result.put("stopReason", completed.path("finish_reason").asText().equals("length") ? "maxTokens" : "endTurn");
    return result;
  }

  private static ToolCallerException refused(String why) {
    return new ToolCallerException(ToolCallerException.INTERNAL_ERROR, METHOD + " refused: " + why);
  }
}
