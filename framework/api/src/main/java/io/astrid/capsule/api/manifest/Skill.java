package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A {@code [[skill]]} entry: instructions the agent can load on demand.
 *
 * @param name unique within the capsule
 * @param description what the skill is for
 * @param file the skill's text, relative to the capsule directory
 */
public record Skill(String name, Optional<String> description, String file) {
  public Skill {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(file, "file");
  }
}
