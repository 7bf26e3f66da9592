package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, finding 4, its stderr part: a server's stderr is read in bounded memory; a failed reader is seen. */
class Issue13Finding4StderrTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void finding4_aHundredMegabytesOfStderrWithoutANewlineAreReadBoundedAndTheServerServes() throws Exception {
    RecordingLogger log = new RecordingLogger();
    StdioServer server = StdioServer.attach(StdioServer.launch(List.of("node",
        TestServers.script("stderr-flood-server.mjs").toString()), dir, Map.of("PATH", System.getenv("PATH")),
        new ProcessLedger(dir.resolve("processes")), "mcp server [flood]"), n -> {}, r -> {}, code -> {}, () -> true,
        log);
    try {
      McpSession session = new McpSession(server.peer());
      session.initialize(TIMEOUT);
      JsonNode result = session.callTool("hello", McpSession.emptyResult(), null, TIMEOUT);
      assertEquals(ToolResult.text("still here"), ToolResults.of(result));
      assertTrue(log.awaitLines(2, TIMEOUT), "two stderr lines logged: " + log.lines);
      String kept = "x".repeat(StdioServer.MAX_STDERR_LINE_BYTES);
      assertEquals("INFO stderr: " + kept + "... [" + (100 * 1024 * 1024 - kept.length()) + " bytes dropped]",
          log.lines.getFirst());
      assertEquals("INFO stderr: flooded", log.lines.get(1));
    } finally {
      server.stop();
    }
  }

  @Test
  void finding4_aStderrReaderThatFailsEndsTheServerSoThatItsExitIsReported() throws Exception {
    RecordingLogger log = new RecordingLogger();
    log.failOn = "stderr: flooded";
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    StdioServer server = StdioServer.attach(StdioServer.launch(List.of("node",
        TestServers.script("stderr-flood-server.mjs").toString()), dir, Map.of("PATH", System.getenv("PATH")),
        new ProcessLedger(dir.resolve("processes")), "mcp server [flood]"), n -> {}, r -> {}, exit::complete,
        () -> true, log);
    try {
      assertEquals(137, exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "ended by SIGKILL, and reported");
      assertTrue(log.lines.contains("ERROR reading the stderr of server pid " + server.pid() + " failed"
          + " (java.lang.IllegalStateException: the log is broken); ending it"), log.lines.toString());
    } finally {
      server.stop();
    }
  }
}
