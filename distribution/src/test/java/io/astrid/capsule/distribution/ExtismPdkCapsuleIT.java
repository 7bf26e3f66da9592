package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.CapsuleCli.capsule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.distribution.CapsuleCli.Run;
import io.astrid.capsule.testing.TestCapsules;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capsule whose component is a plain Extism plugin, written with the official AssemblyScript PDK
 * (engine-wasm's src/test/pdk), run through {@code capsule invoke}: the manifest's [env] default is
 * the plugin's configuration, its declared {@code net} is what the gate lets it reach, and its logs
 * reach the console.
 */
class ExtismPdkCapsuleIT {
  @TempDir
  Path temp;
  private HttpServer server;
  private Path root;

  @BeforeEach
  void capsuleAndServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/weather", exchange -> {
      byte[] body = ("sunny over " + exchange.getRequestURI().getQuery()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    root = temp.resolve("capsules");
    TestCapsules.extismPdk(root.resolve("as-pdk"), "as-pdk", """
        [capabilities]
        net = ["127.0.0.1:%d"]

        [env.greeting]
        type = "string"
        default = "Hej"
        """.formatted(server.getAddress().getPort()));
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void theManifestsDefaultIsThePluginsConfiguration() throws Exception {
    Run greet = invoke("greet", "world");
    assertEquals(List.of("Hej, world!"), greet.out(), greet.err().toString());
    assertEquals(0, greet.exit());
  }

  @Test
  void theDeclaredHostIsReachedAndAnotherIsDeniedByTheGate() throws Exception {
    int port = server.getAddress().getPort();
    Run declared = invoke("fetch", "http://127.0.0.1:" + port + "/weather?Oslo");
    assertEquals(List.of("sunny over Oslo"), declared.out(), declared.err().toString());
    String undeclared = "http://127.0.0.1:" + (port == 65535 ? port - 1 : port + 1) + "/weather?Oslo";
    Run denied = invoke("fetch", undeclared);
    assertEquals(3, denied.exit(), denied.err().toString());
    assertEquals(List.of(), denied.out());
    String refusal = "capsule invoke: export [fetch] of capsule [as-pdk] failed: net [" + undeclared + "]";
    assertTrue(denied.err().stream().anyMatch(line -> line.startsWith(refusal)), denied.err().toString());
  }

  @Test
  void thePluginsLogsReachTheConsoleAtTheirLevels() throws Exception {
    Run logged = invoke("log_levels", "");
    assertEquals(List.of("logged"), logged.out(), logged.err().toString());
    for (String level : List.of("info", "warn", "error")) {
      assertTrue(logged.err().stream().anyMatch(line -> line.contains("as-pdk " + level)), logged.err().toString());
    }
    assertTrue(logged.err().stream().noneMatch(line -> line.contains("as-pdk debug")),
        "debug is below the capsules' default level: " + logged.err());
  }

  private Run invoke(String export, String input) throws Exception {
    return capsule(temp, "invoke", "as-pdk", export, input, "--root", root.toString());
  }
}
