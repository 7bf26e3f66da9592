package io.astrid.capsule.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code capsule inspect ID}: one capsule's state, engines, what it may do on the host, tools, context,
 * skills and commands.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Loads the capsules and shows one: state, engines, capabilities, tools with schemas, context,"
        + " skills, commands.")
final class InspectCommand extends DockingCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "ID", description = "the capsule's name")
  private String id;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = out();
    CapsuleRegistry registry = dock().registry();
    Optional<Capsule> found = registry.capsule(id);
    if (found.isEmpty()) {
      err().println("capsule: no capsule [" + id + "] under " + roots().roots().stream()
          .map(r -> r.directory().toString()).toList());
      return 1;
    }
    Capsule capsule = found.get();
    out.println("capsule:   " + capsule.id() + " " + capsule.manifest().version());
    out.println("directory: " + capsule.directory());
    out.println("state:     " + capsule.status());
    out.println("engines:   " + String.join(", ", capsule.engineNames().isEmpty() ? capsule.engineKinds()
        : capsule.engineNames()));
    out.println("layer:     " + (capsule.layerModules().isEmpty() ? "none"
        : String.join(", ", capsule.layerModules())));
    capabilities(out, capsule.manifest().capabilities());
    EngineContributions offered = capsule.contributions();
    out.println("tools:");
    for (CapsuleTool tool : offered.tools()) {
      out.println("  " + tool.name() + ": " + UntrustedText.escape(tool.description()));
      out.println("    input schema: " + JSON.writeValueAsString(tool.inputSchema()));
    }
    out.println("context:");
    offered.context().forEach(c -> out.println("  " + c.name() + " (" + c.text().length() + " characters)"));
    out.println("skills:");
    offered.skills().forEach(s -> out.println("  " + s.name() + s.description().map(d -> ": " + d).orElse("")));
    out.println("commands:");
    offered.commands().forEach(c -> out.println("  /" + c.name() + c.description().map(d -> ": " + d).orElse("")));
    return 0;
  }

  /** Every capability, declared or not, in the manifest's spelling; a user sees what a capsule may touch. */
  private static void capabilities(PrintWriter out, Capabilities declared) {
    out.println("capabilities:");
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("net", declared.net());
    all.put("kv", declared.kv());
    all.put("fs_read", declared.fsRead());
    all.put("fs_write", declared.fsWrite());
    all.put("host_process", declared.hostProcess());
    all.forEach((name, values) -> out.println("  " + name + ": " + (values.isEmpty() ? "none" : String.join(", ",
        values))));
    out.println("  jvm: " + (declared.jvm() ? "true (runs unsandboxed JVM code, once trusted)" : "false"));
    out.println("  intercept: " + (declared.intercept().isEmpty() ? "none (its interceptors see only its own calls)"
        : String.join(", ", declared.intercept()) + " (its interceptors see these capsules' calls and its own)"));
  }
}
