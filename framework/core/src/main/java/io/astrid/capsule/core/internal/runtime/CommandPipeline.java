package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.tool.InterceptorDecision;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The one way a {@code [[command]]} runs (issue 18), for {@code capsule command} and the gateway's
 * prompts alike: {@code BeforeCommand} (deny, or rewrite the arguments), the command — a file's
 * text rendered with the arguments, or the engine's runner — then {@code AfterCommand} (replace the
 * output). The hooks see {@code {"capsule", "command", "arguments"}}, and {@code "output"} after.
 */
final class CommandPipeline {
  private static final String ARGUMENTS = "arguments";
  private static final String OUTPUT = "output";
  /** {@code $ARGUMENTS}, or {@code $1} to {@code $9}; {@code $$} is a dollar sign. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$(ARGUMENTS|[1-9]|\\$)");

  private final Function<String, List<HookChain.OwnedHook>> hooks;
  private final HookCalls calls;

  /** @param hooks the hooks that see what happens to the capsule with the given id, in order */
  CommandPipeline(Function<String, List<HookChain.OwnedHook>> hooks, HookCalls calls) {
    this.hooks = hooks;
    this.calls = calls;
  }

  /**
   * Runs {@code command} of capsule {@code capsuleId} with {@code arguments} (what the user typed after it).
   *
   * @return the text shown to the user (a declarative command's rendered prompt, a runner's output)
   * @throws CapsuleException {@code command [/NAME] of capsule [ID] denied: why}, or {@code ... failed: why}
   */
  String run(String capsuleId, LoadedCommand command, String arguments) {
    String name = "command [/" + command.name() + "] of capsule [" + capsuleId + "]";
    List<HookChain.OwnedHook> seeing = hooks.apply(capsuleId);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("capsule", capsuleId);
    payload.put("command", command.name());
    payload.put(ARGUMENTS, arguments);
    InterceptorDecision before = calls.raise(seeing, InterceptorEvent.BeforeCommand, payload, Optional.of(ARGUMENTS));
    if (before instanceof InterceptorDecision.Deny deny) {
      throw new CapsuleException(name + " denied: " + deny.reason());
    }
    Map<String, Object> approved = ((InterceptorDecision.Proceed) before).arguments();
    String given = (String) approved.get(ARGUMENTS);
    String output;
    try {
      output = command.definition().isPresent() ? render(command.definition().get(), given)
          : command.runner().orElseThrow().run(given);
    } catch (IOException | RuntimeException e) {
      throw new CapsuleException(name + " failed: " + CompositeCapsule.describe(e), e);
    }
    Map<String, Object> done = new LinkedHashMap<>(approved);
    done.put(OUTPUT, output);
    InterceptorDecision after = calls.raise(seeing, InterceptorEvent.AfterCommand, done, Optional.of(OUTPUT));
    return (String) ((InterceptorDecision.Proceed) after).arguments().get(OUTPUT);
  }

  /**
   * A declarative command's text for {@code arguments}: the file's {@code prompt} when it is a TOML
   * table with one (as {@code commands/hello.toml}), else the whole file; {@code $ARGUMENTS} becomes the
   * arguments as typed, {@code $1} to {@code $9} their words (split at whitespace; missing ones are
   * empty), {@code $$} a dollar sign.
   */
  static String render(String definition, String arguments) {
    TomlParseResult toml = Toml.parse(definition);
    String text = !toml.hasErrors() && toml.isString("prompt") ? toml.getString("prompt") : definition;
    String trimmed = arguments.strip();
    String[] words = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder rendered = new StringBuilder();
    while (matcher.find()) {
      String placeholder = matcher.group(1);
      String value = switch (placeholder) {
        case "ARGUMENTS" -> arguments;
        case "$" -> "$";
        default -> {
          int index = Integer.parseInt(placeholder) - 1;
          yield index < words.length ? words[index] : "";
        }
      };
      matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(rendered).toString();
  }
}
