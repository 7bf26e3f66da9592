package io.astrid.capsule.launcher;

import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CronJob;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.internal.text.CapsulePage;
import io.astrid.capsule.internal.text.Suggestions;
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
            + " context, skills, commands, cron jobs, MCP servers (their resources, templates and prompts) and"
            + " interceptors. Exits " + ExitCodes.FAILED
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
      CapsulePage.print(out(), capsule, JsonOutput::compact);
    }
    if (capsule.status().state() != CapsuleState.READY) {
      err().println("capsule: capsule [" + id + "] is " + capsule.status());
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
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
    document.put("engines", CapsulePage.engines(capsule));
    document.put("layer", capsule.layerModules());
    document.put("jvm", manifest.capabilities().jvm());
    document.put("capabilities", CapsulePage.capabilities(manifest.capabilities()));
    document.put("tools", offered.tools().stream().map(t -> fields("name", t.name(), "description",
        t.description(), "inputSchema", t.inputSchema())).toList());
    document.put("context", offered.context().stream().map(c -> fields("name", c.name(), "characters",
        c.text().length())).toList());
    document.put("skills", offered.skills().stream().map(s -> fields("name", s.name(), "description",
        s.description().orElse(null))).toList());
    document.put("commands", offered.commands().stream().map(c -> fields("name", c.name(), "description",
        c.description().orElse(null))).toList());
    document.put("cron", manifest.cronJobs().stream().map(InspectCommand::cron).toList());
    document.put("mcpServers", manifest.mcpServers().stream().map(s -> {
      Map<String, Object> server = fields("id", s.id(), "type", s.type().manifestName(), "command",
          s.command().orElse(null), "args", s.args(), "url", s.url().orElse(null));
      server.putAll(CapsulePage.serverContent(capsule, s.id()));
      return server;
    }).toList());
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
