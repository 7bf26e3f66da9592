package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.AllowAllGate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 finding 4, HTTP: a guest's peer cannot make the host buffer without bound or hold a
 * call past its timeout. A real guest (host-functions.wasm) asks a loopback server that sends a
 * body without end, one that trickles a byte at a time, and one with endless headers.
 */
class Issue13Finding4HttpTest {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  /** What the heap may grow by while a guest reads an endless body: the 10 MiB cap, its copies, Jetty's buffers. */
  private static final long HEAP_BOUND_BYTES = 96L << 20;

  @TempDir
  static Path root;

  private static Engine polyglot;
  private static WasmCapsuleEngine engine;
  private static HttpServer server;
  private static String base;
  private static final AtomicBoolean stopping = new AtomicBoolean();

  @BeforeAll
  static void load() throws Exception {
    CapsuleManifest manifest = TestPlugins.writeCapsule(root, "host-functions", """
        [package]
        name = "peer"
        version = "1.0.0"

        [component]
        entrypoint = "host-functions.wasm"
        """);
    Path capsule = root.resolve("capsule");
    polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    engine = new WasmCapsuleEngine(polyglot, TestPlugins.services(new AllowAllGate(), root, root),
        (capsuleId, interceptor) -> () -> { }, manifest.component().orElseThrow(), CALL_TIMEOUT, 64L << 20);
    engine.load(new EngineContext("peer", manifest, capsule, ModuleLayer.empty(), EngineMonitor.IGNORE));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/endless", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked, no length: it never says when it ends
      byte[] chunk = new byte[64 * 1024];
      try (OutputStream out = exchange.getResponseBody()) {
        while (!stopping.get()) {
          out.write(chunk);
        }
      } catch (IOException e) {
        // the client closed the connection, as it must
      }
    });
    server.createContext("/trickle", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        while (!stopping.get()) {
          out.write('x');
          out.flush();
          Thread.sleep(100); // the trickling peer's pace, not a wait for a condition
        }
      } catch (IOException | InterruptedException e) {
        // the client closed the connection, as it must
      }
    });
    server.createContext("/headers", exchange -> {
      for (int i = 0; i < 20_000; i++) {
        exchange.getResponseHeaders().add("X-Filler-" + i, "y".repeat(100));
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void unload() {
    stopping.set(true);
    engine.unload();
    polyglot.close();
    server.stop(0);
  }

  private static String failure(String path) {
    return assertThrows(WasmCallException.class, () -> engine.call("http",
        ("{\"url\":\"" + base + path + "\"}").getBytes(StandardCharsets.UTF_8))).getMessage();
  }

  @Test
  void finding4_anEndlessBodyStopsAtTheCapWithTheHeapBounded() throws Exception {
    long before = usedHeapAfterGc();
    AtomicLong peak = new AtomicLong();
    AtomicBoolean measuring = new AtomicBoolean(true);
    Thread sampler = Thread.ofPlatform().daemon().start(() -> {
      while (measuring.get()) {
        Runtime runtime = Runtime.getRuntime();
        peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
        Thread.onSpinWait();
      }
    });
    try {
      for (int i = 0; i < 3; i++) {
        assertEquals("astrid_http_request: the response from [" + base + "/endless] has more than 10485760 bytes,"
            + " at most 10485760; the connection was closed", failure("/endless"));
      }
    } finally {
      measuring.set(false);
      sampler.join();
    }
    long growth = peak.get() - before;
    System.out.printf("issue 13 finding 4: endless body, heap used before %d MiB, peak %d MiB, growth %d MiB%n",
        before >> 20, peak.get() >> 20, growth >> 20);
    assertTrue(growth < HEAP_BOUND_BYTES, "the heap grew by " + (growth >> 20) + " MiB");
  }

  @Test
  void finding4_aTricklingBodyDoesNotHoldTheCallPastItsTimeout() {
    long started = System.nanoTime();
    String message = failure("/trickle");
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("issue 13 finding 4: trickling body, the call ended after %d ms: %s%n", tookMs, message);
    // The read was interrupted by the call's timeout, and the failure says so (issue 13 finding 10).
    assertEquals("export [http] timed out after " + CALL_TIMEOUT.toMillis() + " ms; the last host function it called"
        + " was [astrid_http_request]", message);
    assertTrue(tookMs < CALL_TIMEOUT.toMillis() + 1000, "the call took " + tookMs + " ms");
  }

  @Test
  void finding4_endlessHeadersAreRefusedAtTheirCap() {
    String message = failure("/headers");
    assertTrue(message.startsWith("astrid_http_request to [" + base + "/headers] failed: "), message);
  }

  private static long usedHeapAfterGc() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
