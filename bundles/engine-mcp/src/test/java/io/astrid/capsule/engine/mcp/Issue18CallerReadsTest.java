package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, the echo latency: a caller waiting for its response reads the server's output itself
 * ({@link StdoutReading}), and loses nothing of what the reader thread guaranteed: its timeout against
 * a server that stalls mid-line, its interruption, other callers' answers, the server's exit, and
 * the messages that come between calls. Against reading-server.mjs, a real process.
 */
class Issue18CallerReadsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private final RecordingLogger log = new RecordingLogger();
  /** Each notification's data and the thread that read it. */
  private final BlockingQueue<String> notified = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private StdioServer server;
  private McpSession session;

  @BeforeEach
  void start() throws Exception {
    server = StdioServer.attach(StdioServer.launch(List.of("node", TestServers.script("reading-server.mjs").toString()),
        dir, Map.of("PATH", System.getenv("PATH")), new ProcessLedger(dir.resolve("processes")),
        "mcp server [reading]"), notification -> notified.add(notification.path("params").path("data").asText()
        + " on " + Thread.currentThread().getName()), request -> {}, exit::complete, () -> true, log);
    session = new McpSession(server.peer());
    session.initialize(TIMEOUT);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aPlatformThreadReadsItsOwnAnswerAndAVirtualThreadIsHandedIt() throws Exception {
    // The first call after a pause is read by the reader thread (it took over after StdoutReading.IDLE);
    // of calls one right after the other, the caller reads its own.
    List<String> readers = new ArrayList<>();
    for (int i = 0; i < 20 && !readers.contains("before the answer on " + Thread.currentThread().getName()); i++) {
      assertEquals(ToolResult.text("told"), call("told", TIMEOUT));
      readers.add(notified.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
    assertTrue(readers.contains("before the answer on " + Thread.currentThread().getName()),
        "the notification before the answer was read by the caller: " + readers);

    Thread virtual = Thread.ofVirtual().start(() -> assertEquals(ToolResult.text("told"), call("told", TIMEOUT)));
    String reader = notified.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    virtual.join(TIMEOUT);
    assertTrue(reader != null && reader.startsWith("before the answer on mcp-stdout-"),
        "a virtual thread does not read (it would hold its carrier in poll): " + reader);
  }

  @Test
  void aServerStallingMidLineStillTimesTheCallOutAndTheLineIsReadWholeLater() throws Exception {
    Duration timeout = Duration.ofMillis(1500);
    long started = System.nanoTime();
    McpError failure = assertTimeoutPreemptively(Duration.ofSeconds(15),
        () -> assertThrows(McpError.class, () -> session.callTool("stall", McpSession.emptyResult(), null, timeout)));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals("tools/call timed out after 1500 ms", failure.getMessage());
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "timed out after " + took);

    assertEquals(ToolResult.text("still here"), call("echo", Map.of("message", "still here"), TIMEOUT));
    assertTrue(log.lines.stream().anyMatch(line -> line.startsWith("WARN ignoring a response to unknown request id")),
        "the stalled answer was read whole once the server finished it, and set aside: " + log.lines);
    assertTrue(log.lines.stream().noneMatch(line -> line.contains("not JSON")), "no line was cut: " + log.lines);
  }

  @Test
  void anInterruptedCallerStopsReadingAndItsCallEnds() throws Exception {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Thread caller = Thread.ofPlatform().start(() -> failure.complete(assertThrows(McpError.class,
        () -> session.callTool("silence", McpSession.emptyResult(), null, TIMEOUT))));
    assertTrue(log.awaitLines(1, TIMEOUT), "the server got the call");
    assertEquals("INFO stderr: called silence", log.lines.getFirst());
    long interrupted = System.nanoTime();
    caller.interrupt();
    assertEquals("tools/call was interrupted", failure.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getMessage());
    Duration took = Duration.ofNanos(System.nanoTime() - interrupted);
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "the call ended " + took + " after the interrupt");
  }

  @Test
  void callersOnManyThreadsAtOnceEachGetTheirOwnAnswer() throws Exception {
    List<Thread> callers = new ArrayList<>();
    List<String> wrong = new CopyOnWriteArrayList<>();
    for (int t = 0; t < 16; t++) {
      String prefix = "thread " + t + " call ";
      Thread.Builder builder = t % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
      callers.add(builder.start(() -> {
        for (int i = 0; i < 100; i++) {
          ToolResult result = call("echo", Map.of("message", prefix + i), TIMEOUT);
          if (!result.equals(ToolResult.text(prefix + i))) {
            wrong.add(prefix + i + " got " + result);
          }
        }
      }));
    }
    for (Thread caller : callers) {
      caller.join(TIMEOUT);
      assertTrue(!caller.isAlive(), caller + " finished");
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void aServerExitingWhileItsCallerReadsFailsTheCallAtOnceAndIsReported() throws Exception {
    long started = System.nanoTime();
    McpError failure = assertThrows(McpError.class,
        () -> session.callTool("exit", McpSession.emptyResult(), null, TIMEOUT));
    assertTrue(failure.getMessage().startsWith("the server exited (code 3)"), failure.getMessage());
    assertEquals(3, exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "failed after " + took + ", not at the timeout");
  }

  @Test
  void whatTheServerSaysBetweenCallsIsReadWithoutACall() throws Exception {
    assertEquals(ToolResult.text("now"), call("later", TIMEOUT));
    String reader = notified.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(reader != null && reader.startsWith("after the answer on mcp-stdout-"),
        "the notification sent after the answer was read by the reader thread: " + reader);
  }

  private ToolResult call(String tool, Duration timeout) {
    return call(tool, Map.of(), timeout);
  }

  private ToolResult call(String tool, Map<String, Object> arguments, Duration timeout) {
    try {
      JsonNode result = session.callTool(tool, JsonRpcPeer.JSON.valueToTree(arguments), null, timeout);
      return ToolResults.of(result);
    } catch (McpError e) {
      return ToolResult.error(e.getMessage());
    }
  }
}
