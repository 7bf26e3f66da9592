package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;

import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.testing.TestCapsules;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 20 finding 5 end to end: a real wasm guest in the real runtime, with the real gate and
 * Jetty's client, asks a loopback HTTP server. A name that resolves to the loopback
 * ({@code localhost}) is refused unless the loopback address is declared with the port; with it
 * declared, the request is made.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue20Finding5IT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Inject
  private CapsuleRegistry registry;

  private HttpServer server;
  private int port;

  @Override
  protected List<Option> moreOptions() {
    // The probe's loopback server: the JDK's HTTP server, from the boot class path.
    return List.of(bootDelegationPackage("com.sun.net.httpserver"));
  }

  @Before
  public void aLoopbackServerAndTwoCapsulesDeclaringIt() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = "hello from the loopback".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    port = server.getAddress().getPort();
    Path root = Files.createTempDirectory(stateDirectory(), "capsules");
    install(root, "by-name", "\"localhost:" + port + "\"");
    install(root, "by-address", "\"localhost:" + port + "\", \"127.0.0.1:" + port + "\"");
  }

  private void install(Path root, String id, String net) throws Exception {
    installReady(TestCapsules.hostFunctions(root.resolve(id), id, "net = [" + net + "]"), id, TIMEOUT);
  }

  @After
  public void stop() throws Exception {
    try {
      uninstallAll();
    } finally {
      server.stop(0);
    }
  }

  @Test
  public void finding5_aNameThatResolvesToTheLoopbackIsRefusedWithoutTheAddressDeclared() {
    String url = "http://localhost:" + port + "/hello";
    String reason = failure("by-name", url);
    assertEquals("net [" + url + "] denied: host [localhost] resolves to [127.0.0.1], a special-purpose address"
        + " (loopback): only an IP address or range declared in [capabilities] net reaches it (such as 127.0.0.1:"
        + port + ")", reason);
  }

  @Test
  public void finding5_theLoopbackDeclaredWithItsPortIsReached() {
    String answer = new String(registry.invoke("by-address", "http",
        request("http://localhost:" + port + "/hello")), StandardCharsets.UTF_8);
    assertEquals(answer, "{\"status\":200,", answer.substring(0, 14));
    assertTrue(answer, answer.contains("\"body\":\"hello from the loopback\""));
    String otherPort = "http://127.0.0.1:" + (port == 65535 ? port - 1 : port + 1) + "/hello";
    assertEquals("net [" + otherPort + "] denied: port [" + (port == 65535 ? port - 1 : port + 1) + "] of host"
        + " [127.0.0.1] is not declared in [capabilities] net (an entry without a port allows its scheme's default"
        + " port only, host:* every port)", failure("by-address", otherPort));
  }

  private static byte[] request(String url) {
    return ("{\"url\":\"" + url + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** The reason the capsule's {@code http} export fails for {@code url}, without the registry's prefix. */
  private String failure(String capsuleId, String url) {
    String prefix = "export [http] of capsule [" + capsuleId + "] failed: ";
    String message = assertThrows(CapsuleException.class, () -> registry.invoke(capsuleId, "http", request(url)))
        .getMessage();
    assertTrue(message, message.startsWith(prefix));
    return message.substring(prefix.length());
  }
}
