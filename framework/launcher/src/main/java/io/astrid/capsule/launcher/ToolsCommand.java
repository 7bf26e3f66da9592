package io.astrid.capsule.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capsule tools [--json]}: every tool of every READY capsule. */
@Command(name = "tools", mixinStandardHelpOptions = true,
    description = "Loads the capsules and lists every tool: qualified name, description and input schema.")
final class ToolsCommand extends DockingCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--json", description = "print a JSON array of {name, description, inputSchema}; JSON writes line"
      + " breaks, ESC and the other C0 control characters escaped (\\n, \\u001b)")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = out();
    DockedCapsules.Docked docked = dock();
    List<RegisteredTool> tools = docked.registry().tools();
    if (json) {
      List<Map<String, Object>> listing = new ArrayList<>();
      for (RegisteredTool tool : tools) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", tool.qualifiedName());
        entry.put("description", tool.tool().description());
        entry.put("inputSchema", tool.tool().inputSchema());
        listing.add(entry);
      }
      out.println(JSON.writeValueAsString(listing));
    } else {
      for (RegisteredTool tool : tools) {
        out.println(tool.qualifiedName() + "  " + UntrustedText.escape(tool.tool().description()));
        out.println("  " + new ObjectMapper().writeValueAsString(tool.tool().inputSchema()));
      }
      if (tools.isEmpty()) {
        err().println("no tools: no READY capsule offers one");
      }
    }
    return docked.ok() ? 0 : 1;
  }
}
