package io.astrid.capsule.api.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A slash command.
 *
 * @param name its trigger, without the slash
 * @param description one line for help
 * @param definition the content of its declarative file, when it has one
 */
public record LoadedCommand(String name, Optional<String> description, Optional<String> definition) {
  public LoadedCommand {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(definition, "definition");
  }
}
