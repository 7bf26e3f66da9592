package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 finding 5 end to end: a real wasm guest in the real runtime, with the real gate and
 * Jetty's client, asks a loopback HTTP server. A name that resolves to the loopback
 * ({@code localhost}) is refused unless the loopback address is declared with the port; with it
 * declared, the request is made.
 */
class Issue20Finding5IT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  static Path root;

  private static EmbeddedFramework framework;
  private static HttpServer server;
  private static int port;
  private static List<TemporaryProperty> properties;

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = "hello from the loopback".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    port = server.getAddress().getPort();
    properties = List.of(TemporaryProperty.set("astrid.workspace", Files.createDirectories(root.resolve("ws"))
        .toString()), TemporaryProperty.set("astrid.state.dir", root.resolve("state").toString()));
    framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"));
    install("by-name", "\"localhost:" + port + "\"");
    install("by-address", "\"localhost:" + port + "\", \"127.0.0.1:" + port + "\"");
  }

  private static void install(String id, String net) throws Exception {
    TestCapsules.installReady(framework, TestCapsules.hostFunctions(root.resolve(id), id, "net = [" + net + "]"), id,
        TIMEOUT);
  }

  @AfterAll
  static void stop() {
    framework.close();
    properties.forEach(TemporaryProperty::close);
    server.stop(0);
  }

  private static byte[] request(String url) {
    return ("{\"url\":\"" + url + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void finding5_aNameThatResolvesToTheLoopbackIsRefusedWithoutTheAddressDeclared() {
    String url = "http://localhost:" + port + "/hello";
    String reason = failure("by-name", url);
    assertEquals("net [" + url + "] denied: host [localhost] resolves to [127.0.0.1], a special-purpose address"
        + " (loopback): only an IP address or range declared in [capabilities] net reaches it (such as 127.0.0.1:"
        + port + ")", reason);
  }

  @Test
  void finding5_theLoopbackDeclaredWithItsPortIsReached() throws Exception {
    String answer = new String(registry().invoke("by-address", "http",
        request("http://localhost:" + port + "/hello")), StandardCharsets.UTF_8);
    assertEquals("{\"status\":200,", answer.substring(0, 14), answer);
    assertEquals(true, answer.contains("\"body\":\"hello from the loopback\""), answer);
    String otherPort = "http://127.0.0.1:" + (port == 65535 ? port - 1 : port + 1) + "/hello";
    assertEquals("net [" + otherPort + "] denied: port [" + (port == 65535 ? port - 1 : port + 1) + "] of host"
        + " [127.0.0.1] is not declared in [capabilities] net (an entry without a port allows its scheme's default"
        + " port only, host:* every port)", failure("by-address", otherPort));
  }

  private static CapsuleRegistry registry() {
    return framework.service(CapsuleRegistry.class, TIMEOUT);
  }

  /** The reason the capsule's {@code http} export fails for {@code url}, without the registry's prefix. */
  private static String failure(String capsuleId, String url) {
    String prefix = "export [http] of capsule [" + capsuleId + "] failed: ";
    String message = assertThrows(CapsuleException.class, () -> registry().invoke(capsuleId, "http", request(url)))
        .getMessage();
    assertTrue(message.startsWith(prefix), message);
    return message.substring(prefix.length());
  }
}
