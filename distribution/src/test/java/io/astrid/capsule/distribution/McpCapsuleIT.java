package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capsule with a real MCP server, docked by the real runtime: gate, engine, registry and pipeline. */
class McpCapsuleIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path SERVERS = Path.of(System.getProperty("mcp.test.servers"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static CapsuleManifest write(EmbeddedFramework framework, Path dir, String hostProcess) throws Exception {
    Path everything = SERVERS.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "everything"
        version = "1.0.0"

        [capabilities]
        host_process = [%s]

        [[mcp_server]]
        id = "everything"
        command = "node"
        args = ["%s", "stdio"]
        """.formatted(hostProcess, everything));
    return framework.service(ManifestReader.class, TIMEOUT).read(dir.resolve("Capsule.toml")).orThrow();
  }

  @Test
  void theServersToolsAreCalledThroughThePipelineWithSchemaChecks(@TempDir Path dir, @TempDir Path state)
      throws Exception {
    try (TemporaryProperty stateDirectory = TemporaryProperty.set("astrid.state.dir", state.toString());
        EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      registry.install(write(framework, dir, "\"node\""), dir);

      assertEquals(CapsuleState.READY, registry.awaitSettled("everything", TIMEOUT).state());
      List<String> tools = registry.tools().stream().map(RegisteredTool::qualifiedName).toList();
      assertTrue(tools.contains("capsule:everything:echo"), tools.toString());
      assertEquals(ToolResult.text("Echo: docked"),
          registry.call("capsule:everything:echo", Map.of("message", "docked")));
      ToolResult invalid = registry.call("capsule:everything:get-sum", Map.of("a", "two", "b", 3));
      assertEquals(ToolResult.error("invalid arguments for tool [capsule:everything:get-sum]: /a string found,"
          + " number expected"), invalid);
    }
  }

  @Test
  void aServerWhoseCommandIsNotDeclaredFailsTheCapsuleSayingSo(@TempDir Path dir, @TempDir Path state)
      throws Exception {
    try (TemporaryProperty stateDirectory = TemporaryProperty.set("astrid.state.dir", state.toString());
        EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      registry.install(write(framework, dir, ""), dir);

      assertEquals(CapsuleStatus.failed("engine [mcp:everything] failed to load: mcp server [everything] cannot"
          + " start: host_process [node] denied: it is not declared in [capabilities] host_process"),
          registry.awaitSettled("everything", TIMEOUT));
    }
  }
}
