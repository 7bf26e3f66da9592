package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: {@code capsule inspect everything} shows, under its MCP server's line, the resources, resource
 * templates and prompts that server-everything lists (URI or name, and description), and {@code --json} gives
 * them per server within inspect's schema (the shells print the same page: CapsulePage, Issue16GogoShellIT).
 */
class Issue18InspectServerContentIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DOCUMENTS = List.of("architecture.md", "extension.md", "features.md",
      "how-it-works.md", "instructions.md", "startup.md", "structure.md");

  @Test
  void issue18_inspectShowsAServersResourcesTemplatesAndPrompts(@TempDir Path temp) throws Exception {
    Path root = Files.createDirectories(temp.resolve("capsules/everything")).getParent();
    Files.writeString(root.resolve("everything/Capsule.toml"), TestCapsules.everythingManifest());

    CapsuleCli.Run page = CapsuleCli.capsule(temp, "inspect", "everything", "-r", root.toString());
    assertEquals(0, page.exit(), String.join("\n", page.err()));
    List<String> lines = page.out();
    List<String> server = lines.subList(lines.indexOf("mcp servers:") + 1, lines.indexOf("interceptors:"));
    List<String> expected = new ArrayList<>();
    expected.add(server.getFirst());
    DOCUMENTS.forEach(name -> expected.add("    resource demo://resource/static/document/" + name + " (" + name
        + "): Static document file exposed from /docs: " + name));
    expected.addAll(List.of(
        "    template demo://resource/dynamic/text/{resourceId} (Dynamic Text Resource): Plaintext dynamic resource"
            + " fabricated from the {resourceId} variable, which must be an integer.",
        "    template demo://resource/dynamic/blob/{resourceId} (Dynamic Blob Resource): Binary (base64) dynamic"
            + " resource fabricated from the {resourceId} variable, which must be an integer.",
        "    prompt simple-prompt(): A prompt with no arguments",
        "    prompt args-prompt(city!, state): A prompt with two arguments, one required and one optional",
        "    prompt completable-prompt(department!, name!): First argument choice narrows values for second argument.",
        "    prompt resource-prompt(resourceType!, resourceId!): A prompt that includes an embedded resource"
            + " reference"));
    assertEquals(expected, server);

    CapsuleCli.Run json = CapsuleCli.capsule(temp, "inspect", "everything", "--json", "-r", root.toString());
    CliSchemas.assertMatches("inspect", json, 0);
    JsonNode everything = JSON.readTree(String.join("\n", json.out())).path("mcpServers").get(0);
    assertEquals(DOCUMENTS.size(), everything.path("resources").size());
    assertEquals("{\"uri\":\"demo://resource/static/document/architecture.md\",\"name\":\"architecture.md\","
        + "\"description\":\"Static document file exposed from /docs: architecture.md\"}",
        everything.path("resources").get(0).toString());
    assertEquals("demo://resource/dynamic/text/{resourceId}",
        everything.path("resourceTemplates").get(0).path("uriTemplate").asText());
    assertEquals("{\"name\":\"args-prompt\",\"description\":\"A prompt with two arguments, one required and one"
        + " optional\",\"arguments\":[{\"name\":\"city\",\"description\":\"Name of the city\",\"required\":true},"
        + "{\"name\":\"state\",\"description\":null,\"required\":false}]}",
        everything.path("prompts").get(1).toString());
  }
}
