package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One field of an {@link ElicitationRequest}: a property of MCP's restricted elicitation schema.
 *
 * @param name the property's name, the key of its answer
 * @param type {@code string}, {@code number}, {@code integer}, {@code boolean}, or {@code array} (several
 *     of {@code choices})
 * @param title a short label, if the server gave one
 * @param description what is asked, if the server gave it
 * @param choices the allowed values ({@code enum}, {@code oneOf}/{@code anyOf} constants), empty when any
 *     value of the type is allowed
 * @param required whether an accepted answer must give it
 */
public record ElicitationField(String name, String type, Optional<String> title, Optional<String> description,
    List<String> choices, boolean required) {
  public ElicitationField {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    choices = List.copyOf(choices);
  }
}
