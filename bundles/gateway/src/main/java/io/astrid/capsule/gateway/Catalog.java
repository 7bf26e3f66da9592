package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.engine.LoadedContext;
import io.astrid.capsule.api.engine.LoadedSkill;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.Contribution;
import io.astrid.capsule.api.runtime.RegisteredTool;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry's READY capsules offer, in MCP's shapes: tools, prompts (every
 * {@code [[command]]}) and resources (context files and skills). Names follow {@link McpNames}.
 */
final class Catalog {
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
  private static final String CONTEXT = "context";
  private static final String SKILL = "skill";
  private static final String MARKDOWN = "text/markdown";

  private final CapsuleRegistry registry;

  Catalog(CapsuleRegistry registry) {
    this.registry = registry;
  }

  CapsuleRegistry registry() {
    return registry;
  }

  ObjectNode tools() {
    ArrayNode tools = Json.MAPPER.createArrayNode();
    for (RegisteredTool tool : registry.tools()) {
      Optional<String> name = McpNames.tool(tool.capsuleId(), tool.tool().name());
      if (name.isEmpty()) {
        LOG.warn("tool [{}] is not served: its MCP name would be over 128 characters", tool.qualifiedName());
        continue;
      }
      ObjectNode item = tools.addObject().put("name", name.get()).put("description", tool.tool().description());
      item.set("inputSchema", Json.MAPPER.valueToTree(tool.tool().inputSchema()));
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.set("tools", tools);
    return result;
  }

  ObjectNode prompts() {
    ArrayNode prompts = Json.MAPPER.createArrayNode();
    for (Contribution<LoadedCommand> command : registry.commands()) {
      ObjectNode item = prompts.addObject().put("name", McpNames.prompt(command.capsuleId(), command.value().name()));
      command.value().description().ifPresent(d -> item.put("description", d));
      // A declarative command takes them too: its text's $ARGUMENTS and $1..$9 are filled in from them.
      item.putArray("arguments").addObject().put("name", "arguments")
          .put("description", "what the user typed after the command").put("required", false);
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.set("prompts", prompts);
    return result;
  }

  /**
   * The messages of prompt {@code name}: the command's text for {@code arguments}, as the registry runs
   * every command (interceptors, rendering or the capsule's runner); empty when no READY capsule has it.
   *
   * @throws io.astrid.capsule.api.CapsuleException when an interceptor denies the command or it fails
   */
  Optional<ObjectNode> prompt(String name, String arguments) {
    Optional<Contribution<LoadedCommand>> found = registry.commands().stream()
        .filter(c -> McpNames.prompt(c.capsuleId(), c.value().name()).equals(name)).findFirst();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    LoadedCommand command = found.get().value();
    String text = registry.runCommand(found.get().capsuleId(), command.name(), arguments);
    ObjectNode result = Json.MAPPER.createObjectNode();
    command.description().ifPresent(d -> result.put("description", d));
    result.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
        .put("text", text);
    return Optional.of(result);
  }

  ObjectNode resources() {
    ArrayNode resources = Json.MAPPER.createArrayNode();
    for (Contribution<LoadedContext> context : registry.context()) {
      resources.addObject().put("uri", McpNames.resource(context.capsuleId(), CONTEXT, context.value().name()))
          .put("name", context.capsuleId() + "/" + context.value().name())
          .put("description", "context file of capsule " + context.capsuleId()).put("mimeType", MARKDOWN);
    }
    for (Contribution<LoadedSkill> skill : registry.skills()) {
      ObjectNode item = resources.addObject()
          .put("uri", McpNames.resource(skill.capsuleId(), SKILL, skill.value().name()))
          .put("name", skill.capsuleId() + "/" + skill.value().name()).put("mimeType", MARKDOWN);
      item.put("description", skill.value().description().orElse("skill of capsule " + skill.capsuleId()));
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.set("resources", resources);
    return result;
  }

  /**
   * What capsule {@code capsuleId} is when it is installed but not READY, in the registry's form
   * ({@code capsule [ID] is WAITING (why)}); empty when it is READY or not installed. While a capsule waits
   * (for an engine being updated, issue 16) its names are not "unknown": the caller is told why.
   */
  Optional<String> notReady(String capsuleId) {
    return registry.capsule(capsuleId).filter(c -> c.status().state() != CapsuleState.READY)
        .map(c -> "capsule [" + capsuleId + "] is " + c.status());
  }

  /** The contents of resource {@code uri}; empty when no READY capsule has it. */
  Optional<ObjectNode> resource(String uri) {
    Optional<String> text = registry.context().stream()
        .filter(c -> McpNames.resource(c.capsuleId(), CONTEXT, c.value().name()).equals(uri))
        .map(c -> c.value().text()).findFirst()
        .or(() -> registry.skills().stream()
            .filter(s -> McpNames.resource(s.capsuleId(), SKILL, s.value().name()).equals(uri))
            .map(s -> s.value().text()).findFirst());
    return text.map(t -> {
      ObjectNode result = Json.MAPPER.createObjectNode();
      result.putArray("contents").addObject().put("uri", uri).put("mimeType", MARKDOWN).put("text", t);
      return result;
    });
  }
}
