package io.astrid.capsule.launcher;

import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.engine.LoadedContext;
import io.astrid.capsule.api.engine.LoadedSkill;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.internal.text.Suggestions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ParameterException;

/** {@code capsule inspect ID --show KIND NAME}: the text of one context file, skill or declarative command. */
final class ShownText {
  static final String KINDS = "context, skill or command";

  private ShownText() {}

  /** Refuses an unknown KIND before anything is loaded: a usage error. */
  static void checkKind(DockingCommand command, String kind) {
    if (texts(EngineContributions.NONE, kind).isEmpty()) {
      throw new ParameterException(command.spec().commandLine(), "--show kind [" + kind + "] is unknown: expected "
          + KINDS);
    }
  }

  static int print(DockingCommand command, Capsule capsule, String kind, String name) {
    checkKind(command, kind);
    Map<String, String> texts = texts(capsule.contributions(), kind).orElseThrow();
    String text = texts.get(name);
    if (text == null) {
      throw new CommandFailure(ExitCodes.PROBLEMS, "capsule [" + capsule.id() + "] has no " + kind + " [" + name
          + "]" + Suggestions.didYouMean(name, texts.keySet()) + (texts.isEmpty() ? "" : "; it has "
          + String.join(", ", texts.keySet())));
    }
    command.out().print(command.forOutput(text.endsWith("\n") ? text : text + "\n"));
    command.out().flush();
    return ExitCodes.OK;
  }

  /** The texts of one kind by name; a command run by code has no text and is left out. */
  private static Optional<Map<String, String>> texts(EngineContributions offered, String kind) {
    Map<String, String> texts = new LinkedHashMap<>();
    switch (kind) {
      case "context" -> offered.context().forEach((LoadedContext c) -> texts.put(c.name(), c.text()));
      case "skill" -> offered.skills().forEach((LoadedSkill s) -> texts.put(s.name(), s.text()));
      case "command" -> offered.commands().forEach((LoadedCommand c) -> c.definition()
          .ifPresent(d -> texts.put(c.name(), d)));
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(texts);
  }
}
