package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plugin written with an official Extism PDK, not ours: AssemblyScript's {@code @extism/as-pdk}
 * (src/test/pdk/as-pdk-probe.ts, built by scripts/build-wasm-plugins). Each export uses one part of
 * the kernel the way that PDK calls it.
 */
class ExtismPdkPluginTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static Engine engine;
  private static byte[] wasm;
  private static HttpServer server;
  private static String base;
  private static HostHttp http;

  @BeforeAll
  static void load() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/weather", exchange -> {
      byte[] body = "sunny over ".concat(exchange.getRequestURI().getQuery()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    // The gate allows the test server only, as a manifest declaring net = ["127.0.0.1:PORT"] would.
    CapsuleSecurityGate gate = (subject, request) -> request instanceof GateRequest.Http call
        && call.url().startsWith(base) ? GateDecision.allowAddresses("test", "the test server",
        List.of(InetAddress.getLoopbackAddress()))
        : GateDecision.deny("test", request.capability() + " [" + request.resource() + "] denied: not declared");
    http = new HostHttp(gate, new SecuritySubject("pdk", CapsuleManifest.builder("pdk", "1.0.0").build(),
        Path.of(".")));
    engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    wasm = Files.readAllBytes(Path.of("src/test/pdk/as-pdk-probe.wasm"));
  }

  @AfterAll
  static void close() {
    engine.close();
    server.stop(0);
  }

  @Test
  void theInputIsReadAndTheOutputWritten() {
    try (WasmPlugin plugin = plugin(Map.of())) {
      assertEquals("{\"count\":4}", call(plugin, "count_vowels", "Hello, Extism!"));
      assertEquals("{\"count\":0}", call(plugin, "count_vowels", ""));
    }
  }

  @Test
  void configurationValuesAreTheCapsulesAndAMissingOneIsThePluginsError() {
    try (WasmPlugin configured = plugin(Map.of("greeting", "Hej"))) {
      assertEquals("Hej, world!", call(configured, "greet", "world"));
    }
    try (WasmPlugin unconfigured = plugin(Map.of())) {
      assertEquals("no configuration value [greeting]", assertThrows(WasmCallException.class,
          () -> call(unconfigured, "greet", "world")).getMessage());
      assertEquals("{\"count\":1}", call(unconfigured, "count_vowels", "a"), "the plugin carries on after an error");
    }
  }

  @Test
  void variablesOutliveACallAndARemovedOneIsGone() {
    try (WasmPlugin plugin = plugin(Map.of())) {
      assertEquals("1", call(plugin, "count_calls", ""));
      assertEquals("2", call(plugin, "count_calls", ""));
      assertEquals("0", call(plugin, "count_calls", "reset"));
      assertEquals("1", call(plugin, "count_calls", ""));
    }
  }

  @Test
  void anHttpRequestTheGateAllowsAnswersItsBodyAndOneItDeniesFailsTheCall() {
    try (WasmPlugin plugin = plugin(Map.of())) {
      assertEquals("sunny over Oslo", call(plugin, "fetch", base + "/weather?Oslo"));
      assertEquals("net [http://example.invalid/weather] denied: not declared", assertThrows(
          WasmCallException.class, () -> call(plugin, "fetch", "http://example.invalid/weather")).getMessage());
    }
  }

  @Test
  void everyLogLevelThePdkOffersIsAccepted() {
    try (WasmPlugin plugin = plugin(Map.of())) {
      assertEquals("logged", call(plugin, "log_levels", ""));
    }
  }

  private static WasmPlugin plugin(Map<String, String> config) {
    return TestPlugins.kernelOnly(engine, wasm, "as-pdk-probe.wasm", config, http);
  }

  private static String call(WasmPlugin plugin, String export, String input) {
    return new String(plugin.call(export, input.getBytes(StandardCharsets.UTF_8), TIMEOUT), StandardCharsets.UTF_8);
  }
}
