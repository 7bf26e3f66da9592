package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An {@code [env.NAME]} table: a value the user supplies when the capsule is installed.
 *
 * @param name the variable name, letters, digits and underscores, not starting with a digit
 * @param type how the value is elicited, stored and checked
 * @param request the question put to the user
 * @param description what the value is for
 * @param defaultValue the default, already checked against {@code type}: a String for
 *     secret/string, a Long or Double for number, a Boolean for boolean
 */
public record EnvVar(
    String name,
    EnvType type,
    Optional<String> request,
    Optional<String> description,
    Optional<Object> defaultValue) {
  public EnvVar {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(request, "request");
    requireNonNull(description, "description");
    requireNonNull(defaultValue, "defaultValue");
  }
}
