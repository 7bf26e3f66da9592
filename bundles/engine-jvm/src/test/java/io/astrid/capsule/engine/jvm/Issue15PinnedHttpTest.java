package io.astrid.capsule.engine.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.jvm.CapsuleHost;
import io.astrid.capsule.api.jvm.HostCallException;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a JVM capsule's {@link CapsuleHost#http} connects to the address the gate judged, not
 * to the name resolved again (DNS rebinding), through the HTTP the wasm engine's guests use. The
 * URLs name hosts under {@code .invalid}, which DNS never resolves: a request that arrives proves
 * the connection went to the judged address.
 */
class Issue15PinnedHttpTest {
  private static final String PINNED = "rebound.invalid";

  /** Judges {@value #PINNED} to be the loopback address, denies every other host; records what it was asked. */
  private final List<String> asked = new ArrayList<>();
  private final CapsuleSecurityGate gate = (SecuritySubject subject, GateRequest request) -> {
    GateRequest.Http http = (GateRequest.Http) request;
    asked.add(http.method() + " " + http.url());
    String host = URI.create(http.url()).getHost();
    return host.equals(PINNED)
        ? GateDecision.allowAddresses("test", "pinned", List.of(InetAddress.getLoopbackAddress()))
        : GateDecision.deny("test", "net [" + host + "] is not allowed");
  };

  private HttpServer server;
  private GatedCapsuleHost host;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = ("hello " + exchange.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Twice", "a");
      exchange.getResponseHeaders().add("X-Twice", "b");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/away", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://elsewhere.invalid/");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    base = "http://" + PINNED + ":" + server.getAddress().getPort();
    SecuritySubject subject = new SecuritySubject("fetcher", CapsuleManifest.builder("fetcher", "1.0.0").build(),
        Path.of("."));
    host = new GatedCapsuleHost(subject, gate, null, null, EnvValues.NONE.values());
  }

  @AfterEach
  void stop() {
    host.close();
    server.stop(0);
  }

  @Test
  void theConnectionGoesToTheJudgedAddressWithTheNameKeptForTheHostHeader() {
    CapsuleHost.HttpResponse response = host.http("GET", base + "/hello", Map.of(), new byte[0], 1024);
    assertEquals(200, response.status());
    assertEquals("hello " + PINNED + ":" + server.getAddress().getPort(),
        new String(response.body(), StandardCharsets.UTF_8));
    assertEquals("a, b", response.headers().get("x-twice"));
    assertEquals(List.of("GET " + base + "/hello"), asked);
  }

  @Test
  void theBodyIsCutAtTheCapsCap() {
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8),
        host.http("GET", base + "/hello", Map.of(), new byte[0], 5).body());
    HostCallException e = assertThrows(HostCallException.class,
        () -> host.http("GET", base + "/hello", Map.of(), new byte[0], Integer.MAX_VALUE));
    assertEquals("http: the body cap [2147483647] is outside 0..10485760", e.getMessage());
  }

  @Test
  void aRedirectIsPutToTheGateBeforeItIsFollowed() {
    HostCallException e = assertThrows(HostCallException.class,
        () -> host.http("GET", base + "/away", Map.of(), new byte[0], 1024));
    assertEquals("net [elsewhere.invalid] is not allowed", e.getMessage());
    assertEquals(List.of("GET " + base + "/away", "GET http://elsewhere.invalid/"), asked);
  }

  @Test
  void aHeaderWithALineBreakIsRefusedBeforeTheGateIsAsked() {
    HostCallException e = assertThrows(HostCallException.class,
        () -> host.http("GET", base + "/hello", Map.of("X-A", "1\r\nX-Smuggled: 2"), new byte[0], 1024));
    assertEquals("http: header [X-A] contains a line break", e.getMessage());
    assertEquals(List.of(), asked);
  }
}
