package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A {@code [[command]]} entry: a slash command.
 *
 * @param name the trigger, unique within the capsule (written without the slash)
 * @param description one line for help listings
 * @param file a declarative command file inside the capsule directory; without one the command
 *     is run by the capsule's WebAssembly component ({@code astrid_command_run})
 */
public record Command(String name, Optional<String> description, Optional<String> file) {
  public Command {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(file, "file");
  }
}
