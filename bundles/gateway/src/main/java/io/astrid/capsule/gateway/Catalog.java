package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.engine.LoadedContext;
import io.astrid.capsule.api.engine.LoadedSkill;
import io.astrid.capsule.api.engine.McpServerContent;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.Contribution;
import io.astrid.capsule.api.runtime.RegisteredTool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry's READY capsules offer, in MCP's shapes: tools, prompts (every
 * {@code [[command]]}, and the prompts of capsules' MCP servers) and resources (context files and
 * skills, and the resources and templates of capsules' MCP servers, which reads and subscriptions
 * reach through the registry's {@link McpServerContent}). Names follow {@link McpNames}.
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
    for (Contribution<McpServerContent> server : registry.mcpServers()) {
      for (Map<String, Object> prompt : server.value().prompts()) {
        ObjectNode item = Json.MAPPER.valueToTree(prompt);
        item.put("name", McpNames.serverPrompt(server.capsuleId(), server.value().serverId(),
            (String) prompt.get("name")));
        prompts.add(item);
      }
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.set("prompts", prompts);
    return result;
  }

  /**
   * The messages of prompt {@code name} for {@code arguments} (MCP's, names to strings): a server's prompt
   * as its server gives it; a command's text for the one argument {@code arguments}, as the registry runs
   * every command (interceptors, rendering or the capsule's runner). Empty when no READY capsule has it.
   *
   * @throws io.astrid.capsule.api.CapsuleException when an interceptor denies the command, it fails, or
   *     the server fails the prompt
   */
  Optional<ObjectNode> prompt(String name, JsonNode arguments) {
    Optional<String[]> served = McpNames.splitServerPrompt(name);
    if (served.isPresent()) {
      Map<String, String> given = new LinkedHashMap<>();
      arguments.properties().forEach(a -> given.put(a.getKey(), a.getValue().isTextual() ? a.getValue().asText()
          : a.getValue().toString()));
      return server(served.get()[0], served.get()[1])
          .map(server -> Json.MAPPER.valueToTree(server.prompt(served.get()[2], given)));
    }
    return command(name, arguments.path("arguments").asText(""));
  }

  private Optional<ObjectNode> command(String name, String arguments) {
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
    for (Contribution<McpServerContent> server : registry.mcpServers()) {
      for (Map<String, Object> resource : server.value().resources()) {
        ObjectNode item = Json.MAPPER.valueToTree(resource);
        item.put("uri", McpNames.serverResource(server.capsuleId(), server.value().serverId(),
            (String) resource.get("uri")));
        item.put("name", server.capsuleId() + "/" + item.path("name").asText(""));
        resources.add(item);
      }
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.set("resources", resources);
    return result;
  }

  /** The resource templates of capsules' MCP servers, their URI templates under the servers' prefix. */
  ObjectNode resourceTemplates() {
    ArrayNode templates = Json.MAPPER.createArrayNode();
    for (Contribution<McpServerContent> server : registry.mcpServers()) {
      for (Map<String, Object> template : server.value().resourceTemplates()) {
        ObjectNode item = Json.MAPPER.valueToTree(template);
        item.put("uriTemplate", McpNames.serverResource(server.capsuleId(), server.value().serverId(),
            (String) template.get("uriTemplate")));
        templates.add(item);
      }
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.set("resourceTemplates", templates);
    return result;
  }

  /**
   * Subscribes {@code updated} to resource {@code uri} of a capsule's MCP server; empty when no READY
   * capsule has such a server.
   *
   * @throws io.astrid.capsule.api.CapsuleException when the server does not take the subscription
   */
  Optional<AutoCloseable> subscribe(String uri, Runnable updated) {
    return McpNames.splitServerResource(uri).flatMap(parts -> server(parts[0], parts[1])
        .map(server -> server.subscribe(parts[2], updated)));
  }

  /**
   * {@code completion/complete} of a prompt's or resource template's argument (issue 18): a server's prompt or
   * template goes to its server with its own name or URI template; a command's prompt or a context file or skill
   * has no values to offer (MCP's empty completion). Empty when no READY capsule has the reference.
   *
   * @param type {@code ref/prompt} or {@code ref/resource}
   * @param name the prompt's name or the resource's URI (template), as clients see it
   * @throws io.astrid.capsule.api.CapsuleException when the server fails the completion
   */
  Optional<ObjectNode> complete(String type, String name, Map<String, Object> argument, Map<String, String> context) {
    boolean prompt = type.equals("ref/prompt");
    Optional<String[]> served = prompt ? McpNames.splitServerPrompt(name) : McpNames.splitServerResource(name);
    if (served.isPresent()) {
      Map<String, Object> ref = Map.of("type", type, prompt ? "name" : "uri", served.get()[2]);
      return server(served.get()[0], served.get()[1])
          .map(server -> Json.MAPPER.valueToTree(server.complete(ref, argument, context)));
    }
    boolean known = prompt
        ? registry.commands().stream().anyMatch(c -> McpNames.prompt(c.capsuleId(), c.value().name()).equals(name))
        : registry.context().stream().anyMatch(c -> McpNames.resource(c.capsuleId(), CONTEXT, c.value().name())
            .equals(name)) || registry.skills().stream().anyMatch(s -> McpNames.resource(s.capsuleId(), SKILL,
                s.value().name()).equals(name));
    if (!known) {
      return Optional.empty();
    }
    ObjectNode none = Json.MAPPER.createObjectNode();
    none.putObject("completion").put("total", 0).put("hasMore", false).putArray("values");
    return Optional.of(none);
  }

  /** Whether a capsule's MCP server offers completions: only then does the gateway declare the capability. */
  boolean offersCompletions() {
    return registry.mcpServers().stream().anyMatch(s -> s.value().offersCompletions());
  }

  /** MCP server {@code serverId} of READY capsule {@code capsuleId}, when it offers resources or prompts. */
  private Optional<McpServerContent> server(String capsuleId, String serverId) {
    return registry.mcpServers().stream().filter(s -> s.capsuleId().equals(capsuleId)
        && s.value().serverId().equals(serverId)).map(Contribution::value).findFirst();
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

  /**
   * The contents of resource {@code uri}; empty when no READY capsule has it. A server's resource is read
   * from the server, and the URIs of its contents put under the server's prefix.
   *
   * @throws io.astrid.capsule.api.CapsuleException when the server fails the read
   */
  Optional<ObjectNode> resource(String uri) {
    Optional<String[]> served = McpNames.splitServerResource(uri);
    if (served.isPresent()) {
      return server(served.get()[0], served.get()[1]).map(server -> {
        ObjectNode result = Json.MAPPER.valueToTree(server.read(served.get()[2]));
        for (JsonNode content : result.path("contents")) {
          if (content.path("uri").isTextual() && content instanceof ObjectNode named) {
            named.put("uri", McpNames.serverResource(served.get()[0], served.get()[1], content.path("uri").asText()));
          }
        }
        return result;
      });
    }
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
