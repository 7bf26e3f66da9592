package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 finding 6: a server's tools are offered only when their names follow the manifest's
 * tool-name rule, and their descriptions are capped. (The warning for each skipped name is
 * asserted on the real command's standard error, distribution's Issue20Finding6IT.)
 */
class Issue20Finding6Test {
  @TempDir
  Path dir;

  @Test
  void finding6_toolsWithBadNamesAreSkippedAndLongDescriptionsCut() throws Exception {
    var server = TestServers.node("bad-names", TestServers.script("bad-names-server.mjs").toString());
    McpServerEngine engine = new McpServerEngine(server, new AllowAllGate(),
        new McpSettings(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMillis(50), 3,
            Duration.ofSeconds(60)), Map.of("PATH", System.getenv("PATH")), new ProcessLedger(dir.resolve("processes")),
        (capsule, report) -> true);
    engine.load(TestServers.context(TestServers.manifest(server), dir, EngineMonitor.IGNORE));
    try {
      List<CapsuleTool> tools = engine.contributions().tools();
      assertEquals(List.of("shout", "wordy.tool-1"), tools.stream().map(CapsuleTool::name).toList());
      assertEquals("says it \u001b[31mloudly\u001b[0m", tools.getFirst().description(),
          "a description is for the model: kept as written, escaped only where a terminal shows it");
      assertEquals("d".repeat(McpTool.MAX_DESCRIPTION_CHARS) + "... (11808 more characters)",
          tools.getLast().description());
    } finally {
      engine.unload();
    }
  }
}
