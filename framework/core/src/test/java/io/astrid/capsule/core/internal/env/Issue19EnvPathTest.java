package io.astrid.capsule.core.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: an {@code [env]} value of type {@code path} is a place in the workspace, so that what a
 * capsule keeps (the knowledge graph's memory file) lives with the user's work, not in npx's cache.
 */
class Issue19EnvPathTest {
  private static final EnvVar DATA = new EnvVar("DATA", EnvType.PATH, Optional.empty(), Optional.empty(),
      Optional.of("knowledge-graph.jsonl"));
  private static final CapsuleManifest PROBE = CapsuleManifest.builder("probe", "1.0.0").withEnv(DATA).build();

  @TempDir
  Path state;

  @TempDir
  Path workspace;

  @Test
  void theDefaultAndAStoredValueAreResolvedAgainstTheWorkspace() {
    try (MvStoreCapsuleEnvironment environment = new MvStoreCapsuleEnvironment(state, Map.of(), workspace)) {
      assertEquals(new EnvValues(Map.of("DATA", workspace.resolve("knowledge-graph.jsonl").toString()), List.of()),
          environment.resolve(PROBE));

      environment.set("probe", DATA, "data/./graph.jsonl");

      assertEquals(Map.of("DATA", workspace.resolve("data/graph.jsonl").toString()),
          environment.resolve(PROBE).values());
    }
  }

  @Test
  void aPathThatIsAbsoluteOrLeadsOutOfTheWorkspaceIsRefused() {
    try (MvStoreCapsuleEnvironment environment = new MvStoreCapsuleEnvironment(state, Map.of(), workspace)) {
      for (String outside : List.of("/etc/passwd", "../graph.jsonl", "data/../../graph.jsonl", "", ".")) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> environment.set("probe", DATA, outside));
        assertEquals("env [probe] value [DATA]: not a path relative to the workspace, not leaving it",
            e.getMessage(), outside);
      }
    }
  }

  @Test
  void aGrantedHostValueOutsideTheWorkspaceIsLeftUnset() {
    try (MvStoreCapsuleEnvironment environment =
        new MvStoreCapsuleEnvironment(state, Map.of("GRAPH", "/tmp/graph.jsonl"), workspace)) {
      environment.grantHost("probe", "DATA", "GRAPH");

      assertEquals(new EnvValues(Map.of(), List.of("DATA")), environment.resolve(PROBE));
    }
  }
}
