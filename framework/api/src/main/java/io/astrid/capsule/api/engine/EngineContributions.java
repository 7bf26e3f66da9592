package io.astrid.capsule.api.engine;

import io.astrid.capsule.api.tool.CapsuleTool;
import java.util.ArrayList;
import java.util.List;

/**
 * What an engine offers the host once loaded.
 *
 * @param tools tools for the model
 * @param context context documents
 * @param skills skills
 * @param commands slash commands with their definitions
 */
public record EngineContributions(
    List<CapsuleTool> tools, List<LoadedContext> context, List<LoadedSkill> skills, List<LoadedCommand> commands) {

  /** Nothing. */
  public static final EngineContributions NONE = new EngineContributions(List.of(), List.of(), List.of(), List.of());

  public EngineContributions {
    tools = List.copyOf(tools);
    context = List.copyOf(context);
    skills = List.copyOf(skills);
    commands = List.copyOf(commands);
  }

  /** Only tools. */
  public static EngineContributions ofTools(List<CapsuleTool> tools) {
    return new EngineContributions(tools, List.of(), List.of(), List.of());
  }

  /** These contributions followed by {@code other}'s. */
  public EngineContributions plus(EngineContributions other) {
    return new EngineContributions(concat(tools, other.tools), concat(context, other.context),
        concat(skills, other.skills), concat(commands, other.commands));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
