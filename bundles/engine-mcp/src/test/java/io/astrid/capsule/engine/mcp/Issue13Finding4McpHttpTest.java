package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.manifest.McpTransport;
import io.astrid.capsule.api.security.AllowAllGate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 finding 4, the MCP HTTP transport: a server's JSON body and SSE lines are read with a
 * cap, and one past it fails the request with the cap named, the connection closed, while the heap
 * holds only the cap. The servers are loopback HTTP servers that never end what they send.
 */
class Issue13Finding4McpHttpTest {
  private static final McpSettings QUICK = new McpSettings(Duration.ofSeconds(20), Duration.ofSeconds(1),
      Duration.ofMillis(50), 0, Duration.ofSeconds(60));

  @TempDir
  Path dir;

  private HttpServer server;
  private final AtomicBoolean stopping = new AtomicBoolean();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/json", exchange -> endless(exchange, "application/json",
        "[".getBytes(StandardCharsets.UTF_8)));
    server.createContext("/sse", exchange -> endless(exchange, "text/event-stream",
        "data: ".getBytes(StandardCharsets.UTF_8)));
    server.start();
  }

  /** Answers with {@code type} and {@code head}, then spaces without end and never a newline. */
  private void endless(com.sun.net.httpserver.HttpExchange exchange, String type, byte[] head) {
    exchange.getResponseHeaders().add("Content-Type", type);
    byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      exchange.sendResponseHeaders(200, 0);
      out.write(head);
      while (!stopping.get()) {
        out.write(chunk);
      }
    } catch (IOException e) {
      // the client closed the connection, as it must
    }
  }

  @AfterEach
  void stop() {
    stopping.set(true);
    server.stop(0);
  }

  private String loadFailure(String path) {
    McpServer endless = new McpServer("endless", Optional.empty(), McpTransport.HTTP, Optional.empty(), List.of(),
        Optional.of("http://127.0.0.1:" + server.getAddress().getPort() + path), Map.of());
    McpServerEngine engine = new McpServerEngine(endless, new AllowAllGate(), QUICK, Map.of(),
        new ProcessLedger(dir.resolve("processes")), (capsule, report) -> true);
    try {
      return assertThrows(McpError.class, () -> engine.load(TestServers.context(TestServers.manifest(endless), dir,
          EngineMonitor.IGNORE))).getMessage();
    } finally {
      engine.unload();
    }
  }

  @Test
  void finding4_anEndlessJsonBodyFailsAtTheCap() {
    assertEquals("mcp server [endless] did not start: initialize failed: the server's answer has more than 4194304"
        + " bytes, at most 4194304; the connection was closed", loadFailure("/json"));
  }

  @Test
  void finding4_anEndlessEventFailsAtTheCap() {
    assertEquals("mcp server [endless] did not start: initialize failed: an event line from the server has more than"
        + " 4194304 bytes, at most 4194304; the stream was closed", loadFailure("/sse"));
  }
}
