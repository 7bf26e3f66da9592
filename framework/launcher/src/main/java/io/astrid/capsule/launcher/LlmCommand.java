package io.astrid.capsule.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.llm.LlmProvider;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.internal.text.Suggestions;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code capsule llm PROVIDER PROMPT}: one request to a language model a capsule serves (docs/llm.md). */
@Command(name = "llm", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and sends one prompt to an [[llm_provider]] of a capsule: the LlmProvider"
        + " service the runtime registers for it, answered by the capsule's plugin.",
        "Prints the answer's text. Exits " + ExitCodes.FAILED + " when the request fails (the provider's error, the"
            + " timeout, a capsule that is not READY, and then why), " + ExitCodes.PROBLEMS + " when no capsule"
            + " declares the provider."})
final class LlmCommand extends DockingCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROVIDER", description = "the provider's id, or CAPSULE/ID when two"
      + " capsules declare the same id")
  private String provider;

  @Parameters(index = "1", paramLabel = "PROMPT", description = "what the user says; - for standard input (at"
      + " most 16 MiB)")
  private String prompt;

  @Option(names = "--system", paramLabel = "TEXT", description = "a system message sent before the prompt")
  private String system;

  @Option(names = "--max-tokens", paramLabel = "N", description = "the most tokens the answer may have")
  private Integer maxTokens;

  @Option(names = "--temperature", paramLabel = "T", description = "sampling temperature, such as 0.2")
  private Double temperature;

  @Mixin
  private JsonOutput json;

  @Mixin
  private StandaloneOption standalone;

  @Override
  public Integer call() {
    String text = "-".equals(prompt) ? new String(standardInput(), StandardCharsets.UTF_8) : prompt;
    DockedCapsules.Docked docked = dock();
    List<Declared> declared = docked.registry().capsules().stream()
        .flatMap(c -> c.manifest().llmProviders().stream().map(p -> new Declared(c, p.id()))).toList();
    List<Declared> matching = declared.stream().filter(d -> d.matches(provider)).toList();
    if (matching.isEmpty()) {
      err().println("capsule llm: no capsule declares an llm provider [" + provider + "]"
          + Suggestions.didYouMean(provider, declared.stream().map(Declared::id).distinct().toList()));
      return ExitCodes.PROBLEMS;
    }
    if (matching.size() > 1) {
      err().println("capsule llm: provider [" + provider + "] is declared by several capsules, name one of "
          + matching.stream().map(Declared::qualified).toList());
      return ExitCodes.PROBLEMS;
    }
    Declared chosen = matching.getFirst();
    CapsuleStatus status = chosen.capsule().status();
    if (status.state() != CapsuleState.READY) {
      err().println("capsule llm: capsule [" + chosen.capsule().id() + "] is "
          + UntrustedText.escape(status.toString()));
      return ExitCodes.FAILED;
    }
    LlmProvider service = container().service(LlmProvider.class, "(&(" + LlmProvider.CAPSULE_ID + "="
        + chosen.capsule().id() + ")(" + LlmProvider.PROVIDER_ID + "=" + chosen.id() + "))");
    try {
      JsonNode answer = JsonOutput.MAPPER.readTree(service.complete(request(text).toString()));
      if (json.enabled()) {
        JsonOutput.print(out(), answer);
      } else {
        out().println(forOutput(answer.path("message").path("content").asText("")));
      }
      return ExitCodes.OK;
    } catch (CapsuleException e) {
      err().println("capsule llm: " + UntrustedText.escape(e.getMessage()));
      return ExitCodes.FAILED;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("the provider's answer, checked by the runtime, did not parse", e);
    }
  }

  /** The request of docs/llm.md: the messages, and the options given. */
  private ObjectNode request(String text) {
    ObjectNode request = JsonOutput.MAPPER.createObjectNode();
    ArrayNode messages = request.putArray("messages");
    if (system != null) {
      messages.addObject().put("role", "system").put("content", system);
    }
    messages.addObject().put("role", "user").put("content", text);
    if (maxTokens != null) {
      request.put("max_tokens", maxTokens);
    }
    if (temperature != null) {
      request.put("temperature", temperature);
    }
    return request;
  }

  /** A provider id some capsule's manifest declares. */
  private record Declared(Capsule capsule, String id) {
    String qualified() {
      return capsule.id() + "/" + id;
    }

    boolean matches(String name) {
      return name.equals(id) || name.equals(qualified());
    }
  }
}
