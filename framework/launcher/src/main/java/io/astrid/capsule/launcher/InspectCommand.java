package io.astrid.capsule.launcher;

import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CronJob;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.internal.text.Suggestions;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code capsule inspect ID}: one capsule's state, engines, what it may do on the host, tools, context,
 * skills, commands, cron jobs, MCP servers and interceptors; or with {@code --show} the text of one.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and shows one of them.",
        "The page lists its state (and why, when it is not READY), engines, capabilities, tools with schemas,"
            + " context, skills, commands, cron jobs, MCP servers and interceptors. Exits " + ExitCodes.FAILED
            + " when the capsule is not READY, " + ExitCodes.PROBLEMS + " when there is no such capsule."})
final class InspectCommand extends DockingCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID", description = "the capsule's name")
  private String id;

  @Option(names = "--show", arity = "2", paramLabel = "KIND NAME", hideParamSyntax = true,
      description = "print the text of one context file, skill or command (KIND: context, skill or command)"
          + " instead of the page")
  private List<String> show = List.of();

  @Mixin
  private JsonOutput json;

  @Mixin
  private StandaloneOption standalone;

  @Override
  public Integer call() {
    if (!show.isEmpty()) {
      ShownText.checkKind(this, show.get(0));
    }
    DockedCapsules.Docked docked = dock();
    CapsuleRegistry registry = docked.registry();
    Capsule capsule = registry.capsule(id).orElseThrow(() -> new CommandFailure(ExitCodes.PROBLEMS, "no capsule ["
        + id + "] under " + roots().roots().stream().map(r -> r.directory().toString()).toList()
        + Suggestions.didYouMean(id, registry.capsules().stream().map(Capsule::id).toList())));
    if (!show.isEmpty()) {
      return ShownText.print(this, capsule, show.get(0), show.get(1));
    }
    if (json.enabled()) {
      JsonOutput.print(out(), document(capsule));
    } else {
      page(out(), capsule);
    }
    if (capsule.status().state() != CapsuleState.READY) {
      err().println("capsule: capsule [" + id + "] is " + capsule.status());
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  private static void page(PrintWriter out, Capsule capsule) {
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
      out.println("    input schema: " + JsonOutput.compact(tool.inputSchema()));
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
    }
    out.println("interceptors:");
    manifest.interceptors().forEach(i -> out.println("  " + i.event() + i.action().map(a -> " -> " + a)
        .orElse("")));
  }

  private static List<String> engines(Capsule capsule) {
    return capsule.engineNames().isEmpty() ? capsule.engineKinds() : capsule.engineNames();
  }

  /** Every capability, declared or not, in the manifest's spelling; a user sees what a capsule may touch. */
  private static Map<String, List<String>> capabilities(Capabilities declared) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("net", declared.net());
    all.put("kv", declared.kv());
    all.put("fs_read", declared.fsRead());
    all.put("fs_write", declared.fsWrite());
    all.put("host_process", declared.hostProcess());
    all.put("intercept", declared.intercept());
    return all;
  }

  /** The {@code --json} document: docs/schemas/inspect.schema.json. */
  private static Map<String, Object> document(Capsule capsule) {
    CapsuleManifest manifest = capsule.manifest();
    EngineContributions offered = capsule.contributions();
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("id", capsule.id());
    document.put("version", manifest.version());
    document.put("directory", capsule.directory().toString());
    document.put("state", capsule.status().state().toString());
    document.put("reason", capsule.status().reason().orElse(null));
    document.put("engines", engines(capsule));
    document.put("layer", capsule.layerModules());
    document.put("jvm", manifest.capabilities().jvm());
    document.put("capabilities", capabilities(manifest.capabilities()));
    document.put("tools", offered.tools().stream().map(t -> fields("name", t.name(), "description",
        t.description(), "inputSchema", t.inputSchema())).toList());
    document.put("context", offered.context().stream().map(c -> fields("name", c.name(), "characters",
        c.text().length())).toList());
    document.put("skills", offered.skills().stream().map(s -> fields("name", s.name(), "description",
        s.description().orElse(null))).toList());
    document.put("commands", offered.commands().stream().map(c -> fields("name", c.name(), "description",
        c.description().orElse(null))).toList());
    document.put("cron", manifest.cronJobs().stream().map(InspectCommand::cron).toList());
    document.put("mcpServers", manifest.mcpServers().stream().map(s -> fields("id", s.id(), "type",
        s.type().manifestName(), "command", s.command().orElse(null), "args", s.args(), "url",
        s.url().orElse(null))).toList());
    document.put("interceptors", manifest.interceptors().stream().map(InspectCommand::interceptor).toList());
    return document;
  }

  private static Map<String, Object> cron(CronJob job) {
    return fields("name", job.name(), "schedule", job.schedule(), "action", job.action());
  }

  private static Map<String, Object> interceptor(Interceptor interceptor) {
    return fields("event", interceptor.event().name(), "action", interceptor.action().orElse(null));
  }

  /** An ordered JSON object from name, value pairs; a null value is written as null. */
  private static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }
}
