package io.astrid.capsule.engine.mcp;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.manifest.McpTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The real servers under src/test/node (installed by npm ci) and capsules that run them. */
final class TestServers {
  static final Path NODE_DIR = Path.of(System.getProperty("mcp.test.servers", "src/test/node")).toAbsolutePath();

  private TestServers() {}

  static Path script(String relative) {
    Path script = NODE_DIR.resolve(relative);
    if (!Files.exists(script)) {
      throw new IllegalStateException("test server [" + script + "] is missing: run npm ci --prefix " + NODE_DIR
          + " (./build test does it)");
    }
    return script;
  }

  static Path everything() {
    return script("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  }

  /** A stdio server running {@code node} with these arguments. */
  static McpServer node(String id, String... args) {
    return new McpServer(id, Optional.empty(), McpTransport.STDIO, Optional.of("node"), List.of(args),
        Optional.empty(), Map.of());
  }

  /** A capsule declaring {@code node} and one env variable with a default. */
  static CapsuleManifest manifest(McpServer server) {
    return CapsuleManifest.builder("mcp-test", "1.0.0")
        .withCapabilities(new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of("node"), List.of()))
        .withEnv(new EnvVar("GREETING", EnvType.STRING, Optional.empty(), Optional.empty(), Optional.of("hej")))
        .withMcpServer(server)
        .build();
  }

  /** With the values the runtime's CapsuleEnvironment resolves for {@link #manifest}: the default of GREETING. */
  static EngineContext context(CapsuleManifest manifest, Path directory, EngineMonitor monitor) {
    return new EngineContext("mcp-test", manifest, directory, ModuleLayer.empty(), monitor,
        new EnvValues(Map.of("GREETING", "hej"), List.of()));
  }
}
