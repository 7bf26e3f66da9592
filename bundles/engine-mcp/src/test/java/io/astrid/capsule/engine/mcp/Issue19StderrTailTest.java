package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a server that exits at once (a misspelled npx package) was reported as "the server exited
 * (code 1)" alone; the reason now ends with its last stderr lines, even when the log rate drops them.
 */
class Issue19StderrTailTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void theExitReasonQuotesTheLastStderrLinesEvenWhenTheLogDropsThem() throws Exception {
    // Reads the initialize request first, so that it fails by the exit rather than by a closed pipe.
    String script = "read request; for i in 1 2 3 4 5 6; do echo \"npm error line $i\" >&2; done; exit 1";
    StdioServer server = StdioServer.attach(StdioServer.launch(List.of("sh", "-c", script), dir,
        Map.of("PATH", System.getenv("PATH")), new ProcessLedger(dir.resolve("processes")), "mcp server [typo]"),
        n -> {}, r -> {}, code -> {}, () -> false, new RecordingLogger());
    try {
      McpSession session = new McpSession(server.peer());
      McpError error = assertThrows(McpError.class, () -> session.initialize(TIMEOUT));
      assertEquals("the server exited (code 1); its last stderr lines: npm error line 2"
          + " | npm error line 3 | npm error line 4 | npm error line 5 | npm error line 6", error.getMessage());
    } finally {
      server.stop();
    }
  }

  @Test
  void aLongLineIsCutAndBlankLinesAreSkipped() {
    StderrTail tail = new StderrTail();
    tail.add("x".repeat(400));
    tail.add("  ");

    assertEquals("gone; its last stderr lines: " + "x".repeat(StderrTail.LINE_CHARS) + "...", tail.after("gone"));
    assertEquals("gone", new StderrTail().after("gone"));
  }
}
