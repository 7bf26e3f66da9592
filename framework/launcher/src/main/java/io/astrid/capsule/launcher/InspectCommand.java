package io.astrid.capsule.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.CapsuleTool;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code capsule inspect ID}: one capsule's state, engines, tools, context, skills and commands. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Loads the capsules and shows one: state, engines, tools with schemas, context, skills, commands.")
final class InspectCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  private CapsuleCommand parent;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RootsOption roots;

  @Parameters(index = "0", paramLabel = "ID", description = "the capsule's name")
  private String id;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CapsuleRegistry registry = DockedCapsules.dock(parent.container(), roots.roots(), spec.commandLine().getErr())
        .registry();
    Optional<Capsule> found = registry.capsule(id);
    if (found.isEmpty()) {
      spec.commandLine().getErr().println("capsule: no capsule [" + id + "] under " + roots.roots().stream()
          .map(r -> r.directory().toString()).toList());
      return 1;
    }
    Capsule capsule = found.get();
    out.println("capsule:   " + capsule.id() + " " + capsule.manifest().version());
    out.println("directory: " + capsule.directory());
    out.println("state:     " + capsule.status());
    out.println("engines:   " + String.join(", ", capsule.engineNames().isEmpty() ? capsule.engineKinds()
        : capsule.engineNames()));
    EngineContributions offered = capsule.contributions();
    out.println("tools:");
    for (CapsuleTool tool : offered.tools()) {
      out.println("  " + tool.name() + ": " + tool.description());
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
}
