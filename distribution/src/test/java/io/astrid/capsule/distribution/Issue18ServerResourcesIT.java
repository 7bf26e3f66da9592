package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the TypeScript SDK's client sees the resources, resource templates and prompts of a
 * capsule's MCP server (server-everything in the capsule {@code everything}) through {@code capsule run}'s
 * gateway, under the capsule's and server's names ({@code capsule://everything/mcp/everything/URI},
 * {@code everything_everything/PROMPT}); reads a resource and a template's, gets a prompt with its
 * arguments, gets the failures named, and receives {@code notifications/resources/updated} for the
 * resource it subscribed to.
 */
class Issue18ServerResourcesIT {
  private static final Path SERVERS = Path.of(System.getProperty("mcp.test.servers"));

  @Test
  void issue18_aClientSeesAServersResourcesAndPromptsThroughTheGateway(@TempDir Path temp) throws Exception {
    Path root = Files.createDirectories(temp.resolve("capsules/everything")).getParent();
    Files.writeString(root.resolve("everything/Capsule.toml"), TestCapsules.everythingManifest());
    List<String> steps;
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, root)) {
      steps = runtime.clientSteps(temp, "server-resources-client.mjs");
    }
    String prefix = "capsule://everything/mcp/everything/demo://resource/";
    int documentChars = Files.readString(SERVERS.resolve(
        "node_modules/@modelcontextprotocol/server-everything/dist/docs/instructions.md")).length();
    assertEquals(List.of(
        "{\"step\":\"capabilities\",\"resources\":{\"subscribe\":true,\"listChanged\":true}}",
        "{\"step\":\"lists\",\"resources\":[" + String.join(",", List.of("architecture.md", "extension.md",
            "features.md", "how-it-works.md", "instructions.md", "startup.md", "structure.md").stream()
            .map(name -> "\"" + prefix + "static/document/" + name + " everything/" + name + "\"").toList())
            + "],\"templates\":[\"" + prefix + "dynamic/text/{resourceId}\",\"" + prefix
            + "dynamic/blob/{resourceId}\"],\"prompts\":[\"everything_everything/simple-prompt()\","
            + "\"everything_everything/args-prompt(city!,state)\","
            + "\"everything_everything/completable-prompt(department!,name!)\","
            + "\"everything_everything/resource-prompt(resourceType!,resourceId!)\"]}",
        "{\"step\":\"read\",\"uri\":\"" + prefix + "static/document/instructions.md\",\"mimeType\":\"text/markdown\","
            + "\"chars\":" + documentChars + "}",
        "{\"step\":\"read\",\"uri\":\"" + prefix + "dynamic/text/3\",\"text\":\"Resource 3: This is a plaintext"
            + " resource created\"}",
        "{\"step\":\"prompt\",\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\","
            + "\"text\":\"What's weather in Oslo?\"}}]}",
        "{\"step\":\"errors\",\"read\":\"MCP error -32603: resource failed [" + prefix.replace("resource/", "")
            + "nothing]: resources/read failed [demo://nothing]: mcp server [everything]: MCP error -32602: Resource"
            + " demo://nothing not found\",\"prompt\":\"MCP error -32603: prompt failed"
            + " [everything_everything/no-such]: prompts/get failed [no-such]: mcp server [everything]: MCP error"
            + " -32602: Prompt no-such not found\","
            + "\"server\":\"MCP error -32002: resource not found [capsule://everything/mcp/other/demo://x]\"}",
        "{\"step\":\"updated\",\"uri\":\"" + prefix + "static/document/instructions.md\"}"), steps);
  }
}
