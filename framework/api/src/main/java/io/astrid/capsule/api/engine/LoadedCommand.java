package io.astrid.capsule.api.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A slash command: declarative (its file's content is the definition) or code (a runner).
 *
 * @param name its trigger, without the slash
 * @param description one line for help
 * @param definition the content of its declarative file, when it has one
 * @param runner what runs it, when it is code
 */
public record LoadedCommand(String name, Optional<String> description, Optional<String> definition,
    Optional<CommandRunner> runner) {
  public LoadedCommand {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(definition, "definition");
    requireNonNull(runner, "runner");
  }

  /** A declarative command. */
  public static LoadedCommand declarative(String name, Optional<String> description, String definition) {
    return new LoadedCommand(name, description, Optional.of(definition), Optional.empty());
  }

  /** A command run by code. */
  public static LoadedCommand run(String name, Optional<String> description, CommandRunner runner) {
    return new LoadedCommand(name, description, Optional.empty(), Optional.of(runner));
  }
}
