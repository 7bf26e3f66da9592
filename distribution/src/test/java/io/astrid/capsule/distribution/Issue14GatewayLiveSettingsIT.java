package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.RawHttp.INITIALIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.testing.Await;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 (and issue 16's live settings): a gateway.* change made while a client is connected, in the
 * middle of its call, is taken in place: the session and the call go on, the new request cap holds
 * from the next request. Only a new port moves the endpoint, and gateway.json follows it.
 */
class Issue14GatewayLiveSettingsIT {
  private static final Path CAPSULES = Path.of(System.getProperty("gateway.test.capsules"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration APPLIED = Duration.ofSeconds(30);

  @Test
  void issue14_aLimitChangedDuringACallAppliesInPlaceAndANewPortMovesTheEndpoint(@TempDir Path temp)
      throws Exception {
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, CAPSULES.resolve("conformance"),
        "gateway.request.max.bytes = 1024")) {
      URI url = runtime.url();
      String id = "Mcp-Session-Id: " + RawHttp.post(url, INITIALIZE).headers().get("mcp-session-id");
      String big = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"pad\":\""
          + "x".repeat(2000) + "\"}}";
      assertEquals(413, RawHttp.post(url, big, id).status());
      try (Socket call = RawHttp.open(url, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"test_sleep\",\"arguments\":{\"ms\":3000}}}", id)) {
        call.getInputStream().read(); // the event stream's headers have come: the call runs
        settings(temp, "gateway.http.port = " + url.getPort(), "gateway.request.max.bytes = 4096");
        Await.until(() -> status(url, big, id) == 200, APPLIED, "a 2,000-byte request passes the new cap of 4096");
        String rest = new String(call.getInputStream().readAllBytes());
        assertTrue(rest.contains("slept 3000 ms"), "the call in flight ends with its result: " + rest);
      }

      int moved = freePort();
      settings(temp, "gateway.http.port = " + moved, "gateway.request.max.bytes = 4096");
      Path endpoint = runtime.state().resolve("gateway.json");
      URI there = URI.create("http://127.0.0.1:" + moved + "/mcp");
      Await.until(() -> there.toString().equals(endpointUrl(endpoint)), APPLIED, "gateway.json names port " + moved);
      assertEquals(200, RawHttp.post(there, INITIALIZE).status());
      assertThrows(ConnectException.class, () -> RawHttp.post(url, INITIALIZE));
      // What run printed at its start is stale now: it says where it serves from here on.
      Await.until(() -> runtime.output().contains("mcp: serving at " + there), APPLIED,
          "capsule run prints mcp: serving at " + there);
      assertTrue(runtime.isAlive());
    }
  }

  private static void settings(Path temp, String... lines) throws IOException {
    Files.write(temp.resolve("conf/io.astrid.capsule.gateway.cfg"), List.of(lines));
  }

  private static int status(URI url, String body, String... headers) {
    try {
      return RawHttp.post(url, body, headers).status();
    } catch (IOException e) {
      return -1;
    }
  }

  private static String endpointUrl(Path file) {
    try {
      return JSON.readTree(file.toFile()).path("url").asText();
    } catch (IOException e) {
      return ""; // not there (yet): the endpoint is moving
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
