package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * An {@code [[llm_provider]]} entry: a model the capsule serves to the host.
 *
 * @param id unique within the capsule, such as {@code claude-3-5-sonnet}
 * @param description one line for listings
 * @param capabilities what the model supports, such as {@code text}, {@code vision},
 *     {@code tools}
 */
public record LlmProvider(String id, Optional<String> description, List<String> capabilities) {
  public LlmProvider {
    requireNonNull(id, "id");
    requireNonNull(description, "description");
    capabilities = Immutables.list(capabilities, "capabilities");
  }
}
