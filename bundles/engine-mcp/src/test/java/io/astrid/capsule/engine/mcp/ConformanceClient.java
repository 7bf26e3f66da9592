package io.astrid.capsule.engine.mcp;

import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.manifest.McpTransport;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MCP engine as the conformance suite's client under test: {@code conformance client
 * --command "java ... ConformanceClient" --scenario S} appends the test server's URL and names
 * the scenario in {@code MCP_CONFORMANCE_SCENARIO}. The client connects over Streamable HTTP,
 * initializes, lists the tools, and calls what the scenario asks for.
 */
public final class ConformanceClient {
  private ConformanceClient() {}

  public static void main(String[] args) throws Exception {
    String url = args[args.length - 1];
    String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "initialize");
    McpServer server = new McpServer("conformance", Optional.empty(), McpTransport.HTTP, Optional.empty(), List.of(),
        Optional.of(url), Map.of());
    Path dir = Files.createTempDirectory("mcp-conformance");
    McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(), McpSettings.DEFAULTS, System.getenv(),
        new ProcessLedger(dir.resolve("processes")),
        (capsule, report) -> true);
    engine.load(TestServers.context(TestServers.manifest(server), dir, EngineMonitor.IGNORE));
    int exit = 0;
    try {
      List<CapsuleTool> tools = engine.contributions().tools();
      for (CapsuleTool tool : tools) {
        Map<String, Object> arguments = tool.name().equals("add_numbers") ? Map.of("a", 2, "b", 3) : Map.of();
        if (!scenario.equals("initialize")) {
          ToolResult result = tool.call(arguments);
          System.out.println(tool.name() + " -> " + result);
          exit |= result.isError() ? 1 : 0;
        }
      }
    } finally {
      engine.unload();
    }
    System.exit(exit);
  }
}
