package io.astrid.capsule.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the names of capsules' MCP servers' prompts and resources, and back: under the capsule's
 * and the server's names, so that no two capsules' or servers' collide, and never taken for a
 * command's prompt or a context file.
 */
class Issue18ServerNamesTest {
  @Test
  void aServersPromptIsItsCapsuleAndServerAndNameAndSplitsBack() {
    assertEquals("everything_everything/args-prompt", McpNames.serverPrompt("everything", "everything", "args-prompt"));
    assertArrayEquals(new String[] {"kg", "memory", "a/b_c"},
        McpNames.splitServerPrompt(McpNames.serverPrompt("kg", "memory", "a/b_c")).orElseThrow());
    assertEquals(Optional.empty(), McpNames.splitServerPrompt("hello-static_hello"), "a command's prompt");
    assertEquals(Optional.empty(), McpNames.splitServerPrompt("kg_memory/"));
    assertEquals(Optional.empty(), McpNames.splitServerPrompt("kg_/prompt"));
  }

  @Test
  void aServersResourceIsItsUriUnderTheCapsuleAndServerAndSplitsBack() {
    String uri = McpNames.serverResource("everything", "everything", "demo://resource/static/document/a.md");
    assertEquals("capsule://everything/mcp/everything/demo://resource/static/document/a.md", uri);
    assertArrayEquals(new String[] {"everything", "everything", "demo://resource/static/document/a.md"},
        McpNames.splitServerResource(uri).orElseThrow());
    assertEquals(Optional.of("everything"), McpNames.resourceCapsule(uri));
    assertEquals(Optional.empty(), McpNames.splitServerResource("capsule://notes/context/guide"));
    assertEquals(Optional.empty(), McpNames.splitServerResource("capsule://notes/mcp/memory"));
    assertEquals(Optional.empty(), McpNames.splitServerResource("capsule://notes/mcp/memory/"));
    assertEquals(Optional.empty(), McpNames.splitServerResource("file:///etc/passwd"));
  }
}
