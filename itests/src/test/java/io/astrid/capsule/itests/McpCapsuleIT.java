package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A capsule with a real MCP server (the reference server-everything, node), docked by the real runtime on the Felix
 * base: gate, engine, registry and pipeline.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class McpCapsuleIT extends FelixContainerBase {
  private static final Path SERVERS = Path.of(System.getProperty("mcp.test.servers"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Inject
  private CapsuleRegistry registry;

  @Inject
  private ManifestReader reader;

  private CapsuleManifest write(Path dir, String name, String hostProcess) throws Exception {
    Path everything = SERVERS.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "%s"
        version = "1.0.0"

        [capabilities]
        host_process = [%s]

        [[mcp_server]]
        id = "everything"
        command = "node"
        args = ["%s", "stdio"]
        """.formatted(name, hostProcess, everything));
    return reader.read(dir.resolve("Capsule.toml")).orThrow();
  }

  @Test
  public void theServersToolsAreCalledThroughThePipelineWithSchemaChecks() throws Exception {
    Path dir = Files.createTempDirectory(stateDirectory(), "everything");
    registry.install(write(dir, "everything", "\"node\""), dir);
    try {
      assertEquals(CapsuleState.READY, registry.awaitSettled("everything", TIMEOUT).state());
      List<String> tools = registry.tools().stream().map(RegisteredTool::qualifiedName).toList();
      assertTrue(tools.toString(), tools.contains("capsule:everything:echo"));
      assertEquals(ToolResult.text("Echo: docked"),
          registry.call("capsule:everything:echo", Map.of("message", "docked")));
      ToolResult invalid = registry.call("capsule:everything:get-sum", Map.of("a", "two", "b", 3));
      assertEquals(ToolResult.error("invalid arguments for tool [capsule:everything:get-sum]: /a string found,"
          + " number expected"), invalid);
    } finally {
      registry.uninstall("everything");
    }
  }

  @Test
  public void aServerWhoseCommandIsNotDeclaredFailsTheCapsuleSayingSo() throws Exception {
    Path dir = Files.createTempDirectory(stateDirectory(), "everything");
    registry.install(write(dir, "undeclared", ""), dir);
    try {
      assertEquals(CapsuleStatus.failed("engine [mcp:everything] failed to load: mcp server [everything] cannot"
          + " start: host_process [node] denied: it is not declared in [capabilities] host_process"),
          registry.awaitSettled("undeclared", TIMEOUT));
    } finally {
      registry.uninstall("undeclared");
    }
  }
}
