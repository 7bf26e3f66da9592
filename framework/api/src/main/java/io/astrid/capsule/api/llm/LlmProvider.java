package io.astrid.capsule.api.llm;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A language model a capsule serves: one {@code [[llm_provider]]} of a READY capsule, registered as
 * an OSGi service while the capsule is READY (with the properties {@link #PROVIDER_ID},
 * {@link #CAPSULE_ID} and {@link #CAPABILITIES}) and unregistered when it stops being READY.
 *
 * <p>Requests and answers are JSON, in the shape of the OpenAI chat completions API that most
 * model servers speak (docs/llm.md has the schema): a request is an object with {@code messages}
 * and optionally {@code tools}, {@code temperature}, {@code max_tokens}, {@code stop}; the answer is
 * one choice, {@code {"message": {"role": "assistant", "content": ...}, "finish_reason": ...}}.
 *
 * <p>Not to be confused with {@link io.astrid.capsule.api.manifest.LlmProvider}, the manifest entry
 * this service is made from.
 */
@ProviderType
public interface LlmProvider {

  /** Service property: the provider's id ({@code [[llm_provider]] id}). */
  String PROVIDER_ID = "llm.provider.id";

  /** Service property: the id of the capsule serving it. */
  String CAPSULE_ID = "capsule.id";

  /** Service property: the provider's capabilities ({@code text}, {@code vision}, {@code tools}...). */
  String CAPABILITIES = "llm.capabilities";

  /** The export of the capsule's plugin that answers requests. */
  String EXPORT = "astrid_llm_complete";

  /** The provider's id, unique within its capsule. */
  String id();

  /** The capsule serving it. */
  String capsuleId();

  /** One line for listings, if the manifest gives one. */
  Optional<String> description();

  /** What the model supports, as the manifest says. */
  List<String> capabilities();

  /**
   * Sends one request and waits for the answer, under the runtime's per-call timeout.
   *
   * @param request the request, a JSON object (see the class comment)
   * @return the answer, a JSON object with a {@code message}
   * @throws io.astrid.capsule.api.CapsuleException when the request is not valid, the capsule is not
   *     READY, the call fails or times out, or the answer is not valid; the message says which
   */
  String complete(String request);
}
