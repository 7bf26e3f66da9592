package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import io.astrid.capsule.internal.text.UntrustedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks for a capsule's {@code [env]} values at install (issue 17), in declaration order: a value given
 * on the command line is checked and taken; a value already settled is kept (stored, or the default
 * taken when the installed version was docked);
 * any other is asked for — the {@code request} text, else the description, as the question, the
 * default offered, a secret read without echo, a number or boolean checked and asked again. An empty
 * answer takes the default; with none, the question is asked again. When the input ends, the values
 * still without one are named in the error, with the flag that gives them.
 */
final class Elicitation {
  private final InstallConsole console;

  Elicitation(InstallConsole console) {
    this.console = console;
  }

  /**
   * The values to store for {@code manifest}'s capsule.
   *
   * @param given values from {@code --env} and {@code --env-file}, by name
   * @param kept the names not to ask for: stored values, and defaults the installed version had
   * @throws CapsuleException naming the variable when a given value is undeclared or of the wrong type,
   *     or when the input ended before every variable without a default had a value
   */
  Map<String, String> elicit(CapsuleManifest manifest, Map<String, String> given, Set<String> kept) {
    given.keySet().stream().filter(name -> !manifest.env().containsKey(name)).findFirst().ifPresent(name -> {
      throw new CapsuleException("--env [" + name + "]: capsule [" + manifest.name() + "] declares no such value");
    });
    // Every given value is checked before anything is asked: a typo fails at once, not after the questions.
    given.forEach((name, value) -> {
      if (!manifest.env().get(name).type().accepts(value)) {
        throw new CapsuleException("--env [" + name + "]: " + problem(manifest.env().get(name).type()));
      }
    });
    Map<String, String> values = new LinkedHashMap<>();
    List<String> unanswered = new ArrayList<>();
    for (EnvVar variable : manifest.env().values()) {
      String name = variable.name();
      if (given.containsKey(name)) {
        values.put(name, given.get(name));
      } else if (!kept.contains(name) && unanswered.isEmpty()) {
        ask(variable).ifPresentOrElse(value -> value.ifPresent(v -> values.put(name, v)),
            () -> unanswered.add(name));
      } else if (!kept.contains(name) && variable.defaultValue().isEmpty()) {
        unanswered.add(name);
      }
    }
    List<String> missing = unanswered.stream()
        .filter(name -> manifest.env().get(name).defaultValue().isEmpty()).toList();
    if (!missing.isEmpty()) {
      throw new CapsuleException("env " + (missing.size() == 1 ? "value " : "values ") + missing + " of capsule ["
          + manifest.name() + "]: no answer and no default; give " + (missing.size() == 1 ? "it" : "them")
          + " with --env NAME=VALUE or --env-file FILE");
    }
    return values;
  }

  /**
   * Asks until the answer suits the type: a value, empty for "take the default", or nothing at all
   * when the input has ended.
   */
  private Optional<Optional<String>> ask(EnvVar variable) {
    String prompt = prompt(variable);
    while (true) {
      Optional<String> answer = variable.type() == EnvType.SECRET ? console.askSecret(prompt) : console.ask(prompt);
      if (answer.isEmpty()) {
        return Optional.empty();
      }
      String text = answer.get().strip();
      if (text.isEmpty() && variable.defaultValue().isPresent()) {
        return Optional.of(Optional.empty());
      }
      if (text.isEmpty()) {
        console.tell("  a value is required");
      } else if (!variable.type().accepts(text)) {
        console.tell("  " + problem(variable.type()) + "; answer again");
      } else {
        return Optional.of(Optional.of(text));
      }
    }
  }

  /** {@code Question (NAME, type) [default]: }; a secret's default is not shown. */
  static String prompt(EnvVar variable) {
    // The manifest's text, escaped: a capsule may not send escape sequences to the user's terminal.
    String question = UntrustedText.escape(
        variable.request().or(variable::description).orElse("Value of " + variable.name()));
    String offered = variable.defaultValue().map(d -> variable.type() == EnvType.SECRET ? " [Enter: the default]"
        : " [" + UntrustedText.escape(String.valueOf(d)) + "]").orElse("");
    return question + " (" + variable.name() + ", " + variable.type().manifestName() + ")" + offered + ": ";
  }

  private static String problem(EnvType type) {
    return "not " + type.expectation();
  }
}
