package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.DenyAllGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Extism kernel and plugin calls on GraalVM WebAssembly, with a plugin built from committed WAT. */
class WasmPluginTest {
  private static Engine engine;
  private static WasmPlugin plugin;
  private static HttpServer server;
  private static String base;

  /** Host HTTP for tests that make no requests: everything is denied. */
  static HostHttp noHttp() {
    return new HostHttp(new DenyAllGate(), new SecuritySubject("probe", CapsuleManifest.builder("probe", "1.0.0")
        .build(), Path.of(".")));
  }

  @BeforeAll
  static void load() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = utf8("hello from " + exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/away", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://evil.invalid/steal");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    // The gate allows this server only, as a manifest declaring 127.0.0.1:PORT would.
    CapsuleSecurityGate gate = (subject, request) -> request instanceof GateRequest.Http http
        && http.url().startsWith(base) ? GateDecision.allowAddresses("test", "the test server",
        java.util.List.of(InetAddress.getLoopbackAddress()))
        : GateDecision.deny("test", request.capability() + " [" + request.resource() + "] denied: not the test server");
    engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    byte[] wasm = Wat2Wasm.parse(Files.readString(Path.of("src/test/wat/kernel-probe.wat")));
    plugin = TestPlugins.kernelOnly(engine, wasm, "kernel-probe.wasm", Map.of(), new HostHttp(gate,
        new SecuritySubject("probe", CapsuleManifest.builder("probe", "1.0.0").build(), Path.of("."))));
  }

  @AfterAll
  static void close() {
    plugin.close();
    engine.close();
    server.stop(0);
  }

  @Test
  void aRequestTheGateAllowsIsMadeAndItsBodyReturned() {
    assertArrayEquals(utf8("hello from GET"), plugin.call("fetch",
        utf8("{\"url\": \"" + base + "/hello\", \"method\": \"get\"}"), Duration.ofSeconds(10)));
  }

  @Test
  void anUndeclaredHostARedirectToOneAndHeaderInjectionAreRefused() {
    assertEquals("net [http://evil.invalid/x] denied: not the test server", assertThrows(WasmCallException.class,
        () -> plugin.call("fetch", utf8("{\"url\": \"http://evil.invalid/x\"}"), Duration.ofSeconds(10)))
        .getMessage());
    assertEquals("net [http://evil.invalid/steal] denied: not the test server", assertThrows(WasmCallException.class,
        () -> plugin.call("fetch", utf8("{\"url\": \"" + base + "/away\"}"), Duration.ofSeconds(10))).getMessage());
    assertEquals("http_request: header [X-Evil] contains a line break", assertThrows(WasmCallException.class,
        () -> plugin.call("fetch", utf8("{\"url\": \"" + base + "/hello\", \"headers\": "
            + "{\"X-Evil\": \"a\\r\\nHost: x\"}}"), Duration.ofSeconds(10))).getMessage());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anExportGetsItsInputAndReturnsItsOutput() {
    assertArrayEquals(utf8("héllo, wörld"), plugin.call("echo", utf8("héllo, wörld"), Duration.ofSeconds(10)));
    assertArrayEquals(new byte[0], plugin.call("echo", new byte[0], Duration.ofSeconds(10)));
  }

  @Test
  void aLargeInputArrivesWholeAndAnExportWithoutAReturnCodeWorksToo() {
    byte[] input = new byte[3 * 1024 * 1024 + 5]; // past the kernel's initial memory, and not a multiple of 8
    new java.util.Random(42).nextBytes(input);
    assertArrayEquals(input, plugin.call("echo", input, Duration.ofSeconds(30)));
    assertArrayEquals(utf8("no code"), plugin.call("echo_void", utf8("no code"), Duration.ofSeconds(10)));
    assertArrayEquals(utf8("short again"), plugin.call("echo", utf8("short again"), Duration.ofSeconds(10)));
  }

  @Test
  void theGuestsErrorIsTheCallsFailure() {
    assertEquals("no such issue: 42", assertThrows(WasmCallException.class,
        () -> plugin.call("fail", utf8("no such issue: 42"), Duration.ofSeconds(10))).getMessage());
    assertArrayEquals(utf8("fine again"), plugin.call("echo", utf8("fine again"), Duration.ofSeconds(10)));
  }

  @Test
  void variablesOutliveOneCall() {
    plugin.call("remember", utf8("kept"), Duration.ofSeconds(10));
    assertArrayEquals(utf8("kept"), plugin.call("recall", new byte[0], Duration.ofSeconds(10)));
  }

  @Test
  void aRunawayCallIsInterruptedAndThePluginStaysUsable() {
    assertEquals("export [spin] timed out after 300 ms", assertThrows(WasmCallException.class,
        () -> plugin.call("spin", new byte[0], Duration.ofMillis(300))).getMessage());
    assertArrayEquals(utf8("alive"), plugin.call("echo", utf8("alive"), Duration.ofSeconds(10)));
  }

  @Test
  void callsIntoOnePluginWaitForEachOtherWhileAnotherPluginRunsAlongside() throws Exception {
    byte[] wasm = Wat2Wasm.parse(Files.readString(Path.of("src/test/wat/kernel-probe.wat")));
    try (WasmPlugin other = TestPlugins.kernelOnly(engine, wasm, "other.wasm", Map.of(), noHttp())) {
      long started = System.nanoTime();
      Thread spinning = Thread.ofVirtual().start(() -> assertThrows(WasmCallException.class,
          () -> plugin.call("spin", new byte[0], Duration.ofMillis(1000))));
      Thread.sleep(100); // the spin has the plugin now
      assertArrayEquals(utf8("meanwhile"), other.call("echo", utf8("meanwhile"), Duration.ofSeconds(10)));
      long otherMs = (System.nanoTime() - started) / 1_000_000;
      assertArrayEquals(utf8("after"), plugin.call("echo", utf8("after"), Duration.ofSeconds(10)));
      long sameMs = (System.nanoTime() - started) / 1_000_000;
      spinning.join();
      assertTrue(otherMs < 900, "another plugin answered while the first spun: " + otherMs + " ms");
      assertTrue(sameMs >= 1000, "the same plugin answered only after the spin ended: " + sameMs + " ms");
    }
  }

  @Test
  void oversizedPayloadsKeysAndLogLinesFailTheCallAndThePluginCarriesOn() {
    assertEquals("the input has 10485761 bytes, at most 10485760", failure("echo", new byte[10 * 1024 * 1024 + 1]));
    assertEquals("output_set: the output has 11534336 bytes, at most 10485760", failure("flood", new byte[0]));
    assertEquals("var_set: the text has 4097 bytes, at most 4096", failure("name", utf8("k".repeat(4097))));
    assertEquals("var [k] has 1048577 bytes, at most 1048576", failure("remember", new byte[1024 * 1024 + 1]));
    assertEquals("log_info: the text has 65537 bytes, at most 65536", failure("log", utf8("x".repeat(65537))));
    plugin.call("name", utf8("k".repeat(4096)), Duration.ofSeconds(10));
    plugin.call("log", utf8("a line of ordinary length"), Duration.ofSeconds(10));
    assertArrayEquals(utf8("alive"), plugin.call("echo", utf8("alive"), Duration.ofSeconds(10)));
  }

  @Test
  void invalidUtf8WhereTextIsRequiredIsRefused() {
    byte[] overlong = {(byte) 0xc0, (byte) 0xaf}; // an overlong "/": the classic decoder trick
    assertEquals("var_set: the text is not valid UTF-8", failure("name", overlong));
    assertEquals("log_info: the text is not valid UTF-8", failure("log", new byte[] {'o', 'k', (byte) 0xff}));
    assertArrayEquals(overlong, plugin.call("echo", overlong, Duration.ofSeconds(10)), "bytes stay bytes");
  }

  private static String failure(String export, byte[] input) {
    return assertThrows(WasmCallException.class, () -> plugin.call(export, input, Duration.ofSeconds(10)))
        .getMessage();
  }

  @Test
  void aMissingExportIsAClearError() {
    assertEquals("the plugin has no export [nothing]", assertThrows(WasmCallException.class,
        () -> plugin.call("nothing", new byte[0], Duration.ofSeconds(10))).getMessage());
  }
}
