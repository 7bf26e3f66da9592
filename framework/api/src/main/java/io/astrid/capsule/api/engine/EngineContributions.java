package io.astrid.capsule.api.engine;

import io.astrid.capsule.api.tool.CapsuleTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an engine offers the host once loaded.
 *
 * @param tools tools for the model
 * @param context context documents
 * @param skills skills
 * @param commands slash commands with their definitions
 * @param exports the exports of the capsule's plugin, callable by name; at most one engine of a
 *     capsule offers them
 * @param mcpServers the resources and prompts of the capsule's MCP servers, one entry per server
 */
public record EngineContributions(List<CapsuleTool> tools, List<LoadedContext> context, List<LoadedSkill> skills,
    List<LoadedCommand> commands, Optional<PluginExports> exports, List<McpServerContent> mcpServers) {

  /** Nothing. */
  public static final EngineContributions NONE = new EngineContributions(List.of(), List.of(), List.of(), List.of());

  public EngineContributions {
    tools = List.copyOf(tools);
    context = List.copyOf(context);
    skills = List.copyOf(skills);
    commands = List.copyOf(commands);
    Objects.requireNonNull(exports, "exports");
    mcpServers = List.copyOf(mcpServers);
  }

  /** Tools, context, skills, commands and exports, without MCP servers' resources and prompts. */
  public EngineContributions(List<CapsuleTool> tools, List<LoadedContext> context, List<LoadedSkill> skills,
      List<LoadedCommand> commands, Optional<PluginExports> exports) {
    this(tools, context, skills, commands, exports, List.of());
  }

  /** Tools, context, skills and commands, without exports. */
  public EngineContributions(List<CapsuleTool> tools, List<LoadedContext> context, List<LoadedSkill> skills,
      List<LoadedCommand> commands) {
    this(tools, context, skills, commands, Optional.empty());
  }

  /** These contributions with {@code exports}. */
  public EngineContributions withExports(PluginExports exports) {
    return new EngineContributions(tools, context, skills, commands, Optional.of(exports), mcpServers);
  }

  /** These contributions with the resources and prompts of {@code server}. */
  public EngineContributions withMcpServer(McpServerContent server) {
    return new EngineContributions(tools, context, skills, commands, exports, concat(mcpServers, List.of(server)));
  }

  /** Only tools. */
  public static EngineContributions ofTools(List<CapsuleTool> tools) {
    return new EngineContributions(tools, List.of(), List.of(), List.of());
  }

  /** These contributions followed by {@code other}'s; the exports are these ones' if any, else {@code other}'s. */
  public EngineContributions plus(EngineContributions other) {
    return new EngineContributions(concat(tools, other.tools), concat(context, other.context),
        concat(skills, other.skills), concat(commands, other.commands), exports.or(() -> other.exports),
        concat(mcpServers, other.mcpServers));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
