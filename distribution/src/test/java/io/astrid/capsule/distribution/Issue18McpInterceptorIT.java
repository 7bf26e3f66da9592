package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a capsule whose code is an MCP server (no component) intercepts through its server's
 * tools: the runtime's events — another capsule loaded, its tool call, its command — reach the tool
 * each interceptor names, and the tool's answer denies.
 */
class Issue18McpInterceptorIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void theServersToolHearsEveryEventAndItsDenialStopsTheCall(@TempDir Path dir) throws Exception {
    Path server = Path.of(System.getProperty("mcp.test.servers")).resolve("hook-server.mjs");
    Path guard = Files.createDirectories(dir.resolve("mcpguard"));
    Files.writeString(guard.resolve("Capsule.toml"), """
        [package]
        name = "mcpguard"
        version = "1.0.0"

        [capabilities]
        host_process = ["node"]
        intercept = ["subject"]

        [[mcp_server]]
        id = "hooks"
        command = "node"
        args = ["%s"]

        [[interceptor]]
        event = "CapsuleLoaded"
        action = "guard"

        [[interceptor]]
        event = "BeforeToolCall"
        action = "guard"

        [[interceptor]]
        event = "BeforeCommand"
        action = "guard"
        """.formatted(server));
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      TestCapsules.installReady(framework, guard, "mcpguard", TIMEOUT);
      TestCapsules.installReady(framework, TestCapsules.hooks(dir.resolve("subject"), "subject", """
          [[tool]]
          name = "echo"
          description = "Answers its request"
          input_schema = { type = "object", properties = { text = { type = "string" } } }

          [[command]]
          name = "greet"
          description = "Run by the component"
          """), "subject", TIMEOUT);
      TestCapsules.awaitTrue(() -> journal(registry).contains("CapsuleLoaded:subject"), TIMEOUT,
          () -> "the guard's tool heard no CapsuleLoaded of [subject]: " + journal(registry));

      assertEquals(ToolResult.error("tool [capsule:subject:echo] denied: mcpguard: forbidden words"),
          registry.call("capsule:subject:echo", Map.of("text", "forbidden")));
      assertEquals(ToolResult.text("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"),
          registry.call("capsule:subject:echo", Map.of("text", "hi")), "allowed: the tool answered nothing");
      CapsuleException denied = assertThrows(CapsuleException.class,
          () -> registry.runCommand("subject", "greet", "forbidden"));
      assertEquals("command [/greet] of capsule [subject] denied: mcpguard: forbidden words", denied.getMessage());
      assertEquals("CapsuleLoaded:mcpguard CapsuleLoaded:subject BeforeToolCall:subject BeforeToolCall:subject"
          + " BeforeCommand:subject", journal(registry));
    }
  }

  /** The events the guard's tool heard, less the calls of its own journal tool (each a BeforeToolCall of its own). */
  private static String journal(CapsuleRegistry registry) {
    return Arrays.stream(registry.call("capsule:mcpguard:journal", Map.of()).text().split(" "))
        .filter(entry -> !entry.equals("BeforeToolCall:mcpguard"))
        .collect(Collectors.joining(" "));
  }
}
