package io.astrid.capsule.api.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A skill, read.
 *
 * @param name its {@code [[skill]]} name
 * @param description what it is for
 * @param text its instructions
 */
public record LoadedSkill(String name, Optional<String> description, String text) {
  public LoadedSkill {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(text, "text");
  }
}
