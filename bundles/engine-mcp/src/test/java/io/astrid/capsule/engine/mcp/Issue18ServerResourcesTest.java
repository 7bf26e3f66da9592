package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.McpServerContent;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the resources, resource templates and prompts of an MCP server (server-everything) are
 * listed at its start and offered beside its tools; a resource is read, a prompt got with its
 * arguments, and errors name what failed; a resource the server adds ({@code gzip-file-as-resource})
 * arrives through {@code notifications/resources/list_changed}; a subscription gets the server's
 * {@code notifications/resources/updated} ({@code toggle-subscriber-updates}) until it is closed.
 */
class Issue18ServerResourcesTest {
  private static final McpSettings SETTINGS = new McpSettings(Duration.ofSeconds(30), Duration.ofSeconds(20),
      Duration.ofMillis(50), 3, Duration.ofSeconds(60));
  private static final String README = "demo://resource/static/document/instructions.md";

  @TempDir
  Path dir;

  private McpServerEngine engine;
  private final McpServerEngineTest.RecordingMonitor monitor = new McpServerEngineTest.RecordingMonitor();

  @BeforeEach
  void load() throws Exception {
    McpServer server = TestServers.node("everything", TestServers.everything().toString(), "stdio");
    engine = new McpServerEngine(server, new AllowAllGate(), () -> SETTINGS, Map.of("PATH", System.getenv("PATH")),
        new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true, dir, ProviderSampling.OFF,
        ApproverElicitation.NONE);
    engine.load(TestServers.context(TestServers.manifest(server), dir, monitor));
  }

  @AfterEach
  void unload() {
    engine.unload();
  }

  private McpServerContent content() {
    List<McpServerContent> servers = engine.contributions().mcpServers();
    assertEquals(1, servers.size(), servers.toString());
    return servers.getFirst();
  }

  @Test
  void itsResourcesTemplatesAndPromptsAreListedBesideItsTools() {
    McpServerContent content = content();
    assertEquals("everything", content.serverId());
    assertTrue(content.resources().contains(Map.of("uri", README, "name", "instructions.md", "description",
        "Static document file exposed from /docs: instructions.md", "mimeType", "text/markdown")),
        content.resources().toString());
    assertEquals(List.of("demo://resource/dynamic/text/{resourceId}", "demo://resource/dynamic/blob/{resourceId}"),
        content.resourceTemplates().stream().map(t -> t.get("uriTemplate")).toList());
    assertTrue(content.prompts().contains(Map.of("name", "args-prompt", "title", "Arguments Prompt", "description",
        "A prompt with two arguments, one required and one optional", "arguments", List.of(
            Map.of("name", "city", "description", "Name of the city", "required", true),
            Map.of("name", "state", "required", false)))),
        content.prompts().toString());
  }

  @Test
  void aResourceIsReadFromTheServer() throws Exception {
    Path docs = TestServers.everything().getParent().resolve("docs/instructions.md");
    assertEquals(Map.of("contents", List.of(Map.of("uri", README, "mimeType", "text/markdown", "text",
        Files.readString(docs)))), content().read(README));
  }

  @Test
  void aResourceOfATemplateIsReadFromTheServer() {
    String text = content().read("demo://resource/dynamic/text/7").toString();
    assertTrue(text.contains("Resource 7: This is a plaintext resource created at"), text);
  }

  @Test
  void aPromptIsGotWithItsArguments() {
    assertEquals(Map.of("messages", List.of(Map.of("role", "user", "content", Map.of("type", "text", "text",
        "What's weather in Oslo, Viken?")))),
        content().prompt("args-prompt", Map.of("city", "Oslo", "state", "Viken")));
  }

  @Test
  void failuresNameTheResourceOrPromptAndTheServersReason() {
    CapsuleException unknown = assertThrows(CapsuleException.class, () -> content().read("demo://nothing"));
    assertEquals("resources/read failed [demo://nothing]: mcp server [everything]: MCP error -32602: Resource"
        + " demo://nothing not found", unknown.getMessage());
    CapsuleException prompt = assertThrows(CapsuleException.class, () -> content().prompt("no-such", Map.of()));
    assertEquals("prompts/get failed [no-such]: mcp server [everything]: MCP error -32602: Prompt no-such not found",
        prompt.getMessage());
  }

  @Test
  void aResourceTheServerAddsArrivesThroughListChanged() throws Exception {
    int before = content().resources().size();
    call("gzip-file-as-resource", Map.of("name", "hi.txt.gz", "data", "data:text/plain;base64,aGk=",
        "outputType", "resourceLink"));
    assertTrue(monitor.changes.tryAcquire(20, TimeUnit.SECONDS), "no contributionsChanged after list_changed");
    List<Object> uris = content().resources().stream().map(r -> r.get("uri")).toList();
    assertEquals(before + 1, uris.size(), uris.toString());
    assertTrue(uris.stream().anyMatch(uri -> uri.toString().endsWith("hi.txt.gz")), uris.toString());
  }

  @Test
  void aSubscriptionGetsTheServersUpdatesUntilClosed() throws Exception {
    Semaphore updates = new Semaphore(0);
    AutoCloseable subscription = content().subscribe(README, updates::release);
    call("toggle-subscriber-updates", Map.of());
    assertTrue(updates.tryAcquire(20, TimeUnit.SECONDS), "no notifications/resources/updated");
    subscription.close();
    updates.drainPermits();
    // The server sends every 5 s; one more after the unsubscribe would be one too many.
    assertTrue(!updates.tryAcquire(6, TimeUnit.SECONDS), "an update after the subscription was closed");
  }

  private void call(String name, Map<String, Object> arguments) throws Exception {
    CapsuleTool tool = engine.contributions().tools().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow();
    assertTrue(!tool.call(arguments).isError(), name);
  }
}
