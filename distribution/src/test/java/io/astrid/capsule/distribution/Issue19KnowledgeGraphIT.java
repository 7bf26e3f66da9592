package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the knowledge-graph example keeps its memory file in the workspace (its {@code
 * MEMORY_FILE_PATH} is an {@code [env]} value of type {@code path}), not in npx's cache beside the
 * server's code. Runs the real reference server through npx (fetched on first use).
 */
class Issue19KnowledgeGraphIT {
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));

  @Test
  void theGraphAToolCallWritesIsAFileOfTheWorkspace(@TempDir Path temp) throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("workspace"));
    Path capsule = Files.createDirectories(temp.resolve("root/knowledge-graph"));
    Files.copy(EXAMPLES.resolve("knowledge-graph/Capsule.toml"), capsule.resolve("Capsule.toml"));

    CapsuleProcess.Run run = new CapsuleProcess(workspace, temp.resolve("home")).run("-q", "call",
        "capsule:knowledge-graph:create_entities", "{\"entities\": [{\"name\": \"otter\", \"entityType\": \"animal\","
            + " \"observations\": [\"holds hands while asleep\"]}]}", "-r", temp.resolve("root").toString());

    assertEquals(0, run.exit(), run.err().toString());
    Path memory = workspace.resolve("knowledge-graph.jsonl");
    assertTrue(Files.isRegularFile(memory), "the memory file in the workspace; the workspace holds "
        + Files.list(workspace).toList());
    assertEquals("{\"type\":\"entity\",\"name\":\"otter\",\"entityType\":\"animal\",\"observations\":"
        + "[\"holds hands while asleep\"]}", Files.readString(memory).strip());
  }
}
