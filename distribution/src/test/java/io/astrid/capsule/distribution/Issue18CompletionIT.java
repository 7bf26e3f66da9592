package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the TypeScript SDK's client asks {@code capsule run}'s gateway for completions. The arguments of
 * server-everything's {@code completable-prompt} and of its text resource template are completed by that server
 * (the name mapped back from {@code everything_everything/...} and {@code capsule://everything/mcp/everything/...},
 * the context passed on); an unknown reference is an error naming it. The gateway declares {@code completions}
 * only while some capsule's MCP server offers them.
 */
class Issue18CompletionIT {
  @Test
  void issue18_completionsGoToTheServerOwningThePromptOrTemplate(@TempDir Path temp) throws Exception {
    Path root = Files.createDirectories(temp.resolve("capsules/everything")).getParent();
    Files.writeString(root.resolve("everything/Capsule.toml"), TestCapsules.everythingManifest());
    List<String> steps;
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, root)) {
      steps = runtime.clientSteps(temp, "completion-client.mjs");
    }
    assertEquals(List.of(
        "{\"step\":\"declared\",\"completions\":true}",
        "{\"step\":\"prompt\",\"department\":[\"Sales\",\"Support\"],\"name\":[\"Alice\",\"Bob\",\"Charlie\"]}",
        "{\"step\":\"template\",\"resourceId\":[\"7\"]}",
        "{\"step\":\"errors\",\"prompt\":\"MCP error -32603: completion failed [ref/prompt"
            + " everything_everything/no-such]: completion/complete failed [ref/prompt no-such]: mcp server"
            + " [everything]: MCP error -32602: Prompt no-such not found\","
            + "\"unknown\":\"MCP error -32602: completion failed [ref/prompt nobody_nothing]: no such prompt\","
            + "\"resource\":\"MCP error -32602: completion failed [ref/resource capsule://nobody/x]: no such resource"
            + " or resource template\"}"), steps);
  }

  @Test
  void issue18_noServerOffersCompletionsSoTheGatewayDeclaresNone(@TempDir Path temp) throws Exception {
    Path root = temp.resolve("capsules");
    CapsuleCli.copyExample("hello-static", root.resolve("hello-static"));
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, root)) {
      assertEquals(List.of("{\"step\":\"declared\",\"completions\":false}"),
          runtime.clientSteps(temp, "completion-client.mjs", "declared-only"));
    }
  }
}
