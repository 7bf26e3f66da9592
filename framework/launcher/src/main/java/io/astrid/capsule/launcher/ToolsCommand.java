package io.astrid.capsule.launcher;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code capsule tools [--json]}: every tool of every READY capsule; why the others offer none. */
@Command(name = "tools", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and lists every tool: qualified name, description and input schema.",
        "A capsule that is not READY offers no tools: it is named on standard error with the reason, and the"
            + " command exits " + ExitCodes.FAILED + "."})
final class ToolsCommand extends DockingCommand implements Callable<Integer> {
  @Mixin
  private JsonOutput json;

  @Mixin
  private StandaloneOption standalone;

  @Override
  public Integer call() {
    PrintWriter out = out();
    DockedCapsules.Docked docked = dock();
    List<RegisteredTool> tools = docked.registry().tools();
    if (json.enabled()) {
      JsonOutput.print(out, tools.stream().map(ToolsCommand::entry).toList());
    } else {
      for (RegisteredTool tool : tools) {
        out.println(tool.qualifiedName() + "  " + UntrustedText.escape(tool.tool().description()));
        out.println("  " + JsonOutput.compact(tool.tool().inputSchema()));
      }
      if (tools.isEmpty()) {
        err().println("no tools: no READY capsule offers one");
      }
    }
    for (Capsule capsule : docked.notReady()) {
      err().println("capsule: capsule [" + capsule.id() + "] offers no tools: it is " + capsule.status());
    }
    return docked.exitCode();
  }

  /** One tool in {@code --json}: docs/schemas/tools.schema.json. */
  static Map<String, Object> entry(RegisteredTool tool) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", tool.qualifiedName());
    entry.put("description", tool.tool().description());
    entry.put("inputSchema", tool.tool().inputSchema());
    return entry;
  }
}
