package io.astrid.capsule.internal.text;

import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.McpServerContent;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.tool.CapsuleTool;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The page of one capsule that {@code capsule inspect ID} prints, shared by the command line and the shells'
 * {@code capsule:inspect} (Karaf's and {@code capsule shell}'s) so that all three print the same: state (and why,
 * when it is not READY), engines, the layer's modules, what the capsule may do on the host, tools with their
 * input schemas, context, skills, commands, cron jobs, MCP servers (with their resources, resource templates and
 * prompts) and interceptors. Text a capsule wrote (a tool's
 * description) is escaped: the page goes to a terminal.
 */
public final class CapsulePage {
  private static final String RESOURCES = "resources";
  private static final String TEMPLATES = "resourceTemplates";
  private static final String PROMPTS = "prompts";

  private CapsulePage() {}

  /**
   * Prints the page of {@code capsule}; {@code json} writes a tool's input schema as one line of JSON (this API
   * bundle has no JSON library: each caller passes its own mapper's).
   */
  public static void print(PrintWriter out, Capsule capsule, Function<Object, String> json) {
    CapsuleManifest manifest = capsule.manifest();
    out.println("capsule:   " + capsule.id() + " " + manifest.version());
    out.println("directory: " + capsule.directory());
    out.println("state:     " + capsule.status().state());
    capsule.status().reason().ifPresent(reason -> out.println("  " + reason));
    out.println("engines:   " + String.join(", ", engines(capsule)));
    out.println("layer:     " + (capsule.layerModules().isEmpty() ? "none"
        : String.join(", ", capsule.layerModules())));
    out.println("capabilities:");
    capabilities(manifest.capabilities()).forEach((name, values) -> out.println("  " + name + ": "
        + (values.isEmpty() ? "none" : String.join(", ", values))
        + ("intercept".equals(name) ? (values.isEmpty() ? " (its interceptors see only its own calls)"
            : " (its interceptors see these capsules' calls and its own)") : "")));
    out.println("  jvm: " + (manifest.capabilities().jvm() ? "true (runs unsandboxed JVM code, once trusted)"
        : "false"));
    EngineContributions offered = capsule.contributions();
    out.println("tools:");
    for (CapsuleTool tool : offered.tools()) {
      out.println("  " + tool.name() + ": " + UntrustedText.escape(tool.description()));
      out.println("    input schema: " + json.apply(tool.inputSchema()));
    }
    out.println("context:");
    offered.context().forEach(c -> out.println("  " + c.name() + " (" + c.text().length() + " characters)"));
    out.println("skills:");
    offered.skills().forEach(s -> out.println("  " + s.name() + s.description().map(d -> ": " + d).orElse("")));
    out.println("commands:");
    offered.commands().forEach(c -> out.println("  /" + c.name() + c.description().map(d -> ": " + d).orElse("")));
    out.println("cron:");
    manifest.cronJobs().forEach(job -> out.println("  " + job.name() + ": " + job.schedule() + " -> " + job.action()));
    out.println("mcp servers:");
    for (McpServer server : manifest.mcpServers()) {
      out.println("  " + server.id() + " (" + server.type().manifestName() + "): " + server.command()
          .map(command -> String.join(" ", command, String.join(" ", server.args())).strip())
          .orElse(server.url().orElse("")));
      printServerContent(out, serverContent(capsule, server.id()));
    }
    out.println("interceptors:");
    manifest.interceptors().forEach(i -> out.println("  " + i.event() + i.action().map(a -> " -> " + a)
        .orElse("")));
  }

  /**
   * What MCP server {@code serverId} of {@code capsule} offers beside its tools (issue 18), as the page and
   * {@code inspect --json} show it: {@code resources} ({@code uri}, {@code name}, {@code description}),
   * {@code resourceTemplates} ({@code uriTemplate}, {@code name}, {@code description}) and {@code prompts}
   * ({@code name}, {@code description}, {@code arguments}: {@code name}, {@code description},
   * {@code required}); a missing description is null. Empty lists while the server is not running or
   * declares none of them. The text is the server's: escape it before it goes to a terminal.
   */
  public static Map<String, Object> serverContent(Capsule capsule, String serverId) {
    List<McpServerContent> offered = capsule.contributions().mcpServers().stream()
        .filter(content -> content.serverId().equals(serverId)).toList();
    Map<String, Object> content = new LinkedHashMap<>();
    content.put(RESOURCES, offered.stream().flatMap(c -> c.resources().stream())
        .map(r -> entry(r, "uri", "name", "description")).toList());
    content.put(TEMPLATES, offered.stream().flatMap(c -> c.resourceTemplates().stream())
        .map(t -> entry(t, "uriTemplate", "name", "description")).toList());
    content.put(PROMPTS, offered.stream().flatMap(c -> c.prompts().stream()).map(p -> {
      Map<String, Object> prompt = entry(p, "name", "description");
      prompt.put("arguments", p.get("arguments") instanceof List<?> arguments ? arguments.stream()
          .filter(Map.class::isInstance).map(a -> {
            Map<String, Object> argument = entry((Map<?, ?>) a, "name", "description");
            argument.put("required", Boolean.TRUE.equals(((Map<?, ?>) a).get("required")));
            return argument;
          }).toList() : List.of());
      return prompt;
    }).toList());
    return content;
  }

  /** The lines of {@link #serverContent} under its server's line: one per resource, template and prompt. */
  private static void printServerContent(PrintWriter out, Map<String, Object> content) {
    for (Map<?, ?> resource : maps(content.get(RESOURCES))) {
      out.println("    resource " + shown(resource.get("uri")) + " (" + shown(resource.get("name")) + ")"
          + described(resource));
    }
    for (Map<?, ?> template : maps(content.get(TEMPLATES))) {
      out.println("    template " + shown(template.get("uriTemplate")) + " (" + shown(template.get("name")) + ")"
          + described(template));
    }
    for (Map<?, ?> prompt : maps(content.get(PROMPTS))) {
      // As a signature: name(argument!, optional); the mark is the required one.
      String arguments = String.join(", ", maps(prompt.get("arguments")).stream()
          .map(a -> shown(a.get("name")) + (Boolean.TRUE.equals(a.get("required")) ? "!" : "")).toList());
      out.println("    prompt " + shown(prompt.get("name")) + "(" + arguments + ")" + described(prompt));
    }
  }

  private static List<Map<?, ?>> maps(Object list) {
    return ((List<?>) list).stream().<Map<?, ?>>map(Map.class::cast).toList();
  }

  private static String described(Map<?, ?> entry) {
    return entry.get("description") == null ? "" : ": " + shown(entry.get("description"));
  }

  private static String shown(Object serverText) {
    return UntrustedText.escape(String.valueOf(serverText));
  }

  /** The string fields {@code keys} of a server's entry, null where it has none. */
  private static Map<String, Object> entry(Map<?, ?> listed, String... keys) {
    Map<String, Object> entry = new LinkedHashMap<>();
    for (String key : keys) {
      entry.put(key, listed.get(key) instanceof String text ? text : null);
    }
    return entry;
  }

  /** The capsule's engines: their names when its engines have any, else their kinds. */
  public static List<String> engines(Capsule capsule) {
    return capsule.engineNames().isEmpty() ? capsule.engineKinds() : capsule.engineNames();
  }

  /** Every capability, declared or not, in the manifest's spelling; a user sees what a capsule may touch. */
  public static Map<String, List<String>> capabilities(Capabilities declared) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("net", declared.net());
    all.put("kv", declared.kv());
    all.put("fs_read", declared.fsRead());
    all.put("fs_write", declared.fsWrite());
    all.put("host_process", declared.hostProcess());
    all.put("intercept", declared.intercept());
    return all;
  }
}
