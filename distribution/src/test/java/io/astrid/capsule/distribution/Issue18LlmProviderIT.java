package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.CapsuleCli.capsule;
import static io.astrid.capsule.distribution.CapsuleCli.copyExample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, LLM providers: the example capsule examples/local-llm serves its {@code [[llm_provider]]}
 * to the host, answered by its WebAssembly plugin, which forwards the request to an OpenAI-compatible server
 * through the security gate; {@code capsule llm} sends one prompt. (The provider as an OSGi service is itests'
 * {@code WasmCapsuleIT}.)
 *
 * <p>The server is a stand-in on loopback (the JDK's HTTP server answering as the chat completions API
 * does): a real model server cannot run on the build machine. Everything on this side of the socket is
 * the real runtime, plugin and gate.
 */
class Issue18LlmProviderIT {
  // Not a Pax Exam test: it runs bin/capsule llm as a process, as a user does.
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path temp;

  private HttpServer server;
  /** The bodies the stand-in received, in order. */
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  /** What the stand-in answers next: status and body. */
  private volatile int status = 200;
  private volatile String answer;
  private Path root;

  @BeforeEach
  void aModelServerAndTheExamplePointingAtIt() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      received.add(JSON.createObjectNode().put("authorization", exchange.getRequestHeaders().getFirst("Authorization"))
          .put("contentType", exchange.getRequestHeaders().getFirst("Content-Type")).set("body", body));
      String said = body.path("messages").path(body.path("messages").size() - 1).path("content").asText();
      ObjectNode reply = (ObjectNode) JSON.readTree("""
          {"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "message":
          {"role": "assistant", "content": null}, "finish_reason": "stop"}], "usage": {"total_tokens": 7}}""");
      reply.withObject("/choices/0/message").put("content", "You said: " + said);
      String content = answer != null ? answer : reply.toString();
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    int port = server.getAddress().getPort();
    root = Files.createDirectories(temp.resolve("root"));
    Path capsule = copyExample("local-llm", root.resolve("local-llm"));
    Path manifest = capsule.resolve(CapsuleManifest.FILE_NAME);
    // The user's server on its port: declared in net (loopback needs the address and port) and set as BASE_URL.
    Files.writeString(manifest, Files.readString(manifest)
        .replace("net = [\"127.0.0.1:11434\", \"127.0.0.1:8080\"]", "net = [\"127.0.0.1:" + port + "\"]")
        .replace("http://127.0.0.1:11434/v1/chat/completions", "http://127.0.0.1:" + port + "/v1/chat/completions"));
  }

  @AfterEach
  void stopTheServer() {
    server.stop(0);
  }

  @Test
  void capsuleLlmSendsThePromptThroughThePluginAndPrintsTheAnswer() throws Exception {
    CapsuleCli.Run run = capsule(temp, "llm", "local", "Hello there", "--system", "Be brief.", "--max-tokens", "20",
        "-r", root.toString());
    assertEquals(List.of("You said: Hello there"), run.out(), run.err().toString());
    assertEquals(0, run.exit());

    JsonNode request = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(JSON.readTree("""
        {"authorization": null, "contentType": "application/json", "body": {"model": "llama3.2", "messages": [
          {"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello there"}],
          "max_tokens": 20}}"""), request);
  }

  @Test
  void jsonPrintsTheWholeAnswerAndStandardInputIsThePrompt() throws Exception {
    CapsuleCli.Run run = CapsuleCli.capsuleWithInput(temp, "a \"quoted\" {prompt}\n".getBytes(StandardCharsets.UTF_8),
        "llm", "local-llm/local", "-", "--json", "-r", root.toString());
    CliSchemas.assertMatches("llm", run, 0);
    assertEquals(JSON.readTree("""
        {"index": 0, "message": {"role": "assistant", "content": "You said: a \\"quoted\\" {prompt}\\n"},
         "finish_reason": "stop"}"""), JSON.readTree(String.join("\n", run.out())));
  }

  @Test
  void aServerErrorAnUnknownProviderAndAnUndeclaredHostEachSayWhat() throws Exception {
    status = 500;
    answer = "{\"error\": \"model llama3.2 not found\"}";
    CapsuleCli.Run failed = capsule(temp, "llm", "local", "hi", "-r", root.toString());
    assertEquals(List.of("capsule llm: export [astrid_llm_complete] of capsule [local-llm] failed: local-llm: the"
        + " server answered HTTP 500: {\\\"error\\\": \\\"model llama3.2 not found\\\"}"), failed.err());
    assertEquals(3, failed.exit());

    CapsuleCli.Run unknown = capsule(temp, "llm", "locl", "hi", "-r", root.toString());
    assertEquals(List.of("capsule llm: no capsule declares an llm provider [locl], did you mean \"local\"?"),
        unknown.err());
    assertEquals(1, unknown.exit());

    Path manifest = root.resolve("local-llm").resolve(CapsuleManifest.FILE_NAME);
    int port = server.getAddress().getPort();
    Files.writeString(manifest, Files.readString(manifest).replace("net = [\"127.0.0.1:" + port + "\"]",
        "net = [\"127.0.0.1:11434\"]"));
    CapsuleCli.Run undeclared = capsule(temp, "llm", "local", "hi", "-r", root.toString());
    assertEquals(3, undeclared.exit());
    assertTrue(undeclared.err().getFirst().contains("net [http://127.0.0.1:" + port + "/v1/chat/completions] denied"),
        undeclared.err().toString());
  }
}
