package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.llm.LlmProvider;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 18, LLM providers: the example capsule examples/local-llm serves its {@code [[llm_provider]]} as an
 * {@link LlmProvider} OSGi service while it is READY, answered by its WebAssembly plugin, which forwards the request
 * to an OpenAI-compatible server through the security gate. The server is a stand-in on loopback that answers with
 * the last message it was sent (a real model server cannot run on the build machine). {@code capsule llm} is
 * distribution's {@code Issue18LlmProviderIT}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue18LlmProviderIT extends FelixContainerBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Inject
  private CapsuleRegistry registry;

  @Override
  protected List<Option> moreOptions() {
    // The stand-in server: the JDK's HTTP server, from the boot class path.
    return List.of(bootDelegationPackage("com.sun.net.httpserver"));
  }

  @Test
  public void theProviderIsAnOsgiServiceWhileItsCapsuleIsReady() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      JsonNode messages = JSON.readTree(exchange.getRequestBody()).path("messages");
      String said = messages.path(messages.size() - 1).path("content").asText();
      byte[] reply = JSON.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion", "choices",
          List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", "You said: " + said),
              "finish_reason", "stop"))));
      exchange.sendResponseHeaders(200, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.start();
    try {
      installReady(pointedAt(server.getAddress().getPort()), "local-llm", TIMEOUT);

      LlmProvider provider = Services.await(context, LlmProvider.class, TIMEOUT);
      assertEquals(List.of("local", "local-llm", List.of("text", "tools")),
          List.of(provider.id(), provider.capsuleId(), provider.capabilities()));
      assertEquals("You said: ping", JSON.readTree(provider.complete("{\"messages\": [{\"role\": \"user\","
          + " \"content\": \"ping\"}]}")).path("message").path("content").asText());
      assertEquals("llm provider [local] of capsule [local-llm]: the request is not valid: \"messages\" must be a"
          + " non-empty array", assertThrows(CapsuleException.class, () -> provider.complete("{\"messages\": []}"))
          .getMessage());

      registry.uninstall("local-llm");
      Await.until(() -> context.getServiceReference(LlmProvider.class) == null, TIMEOUT,
          "the provider service unregistered once its capsule is gone");
    } finally {
      server.stop(0);
    }
  }

  /** A copy of examples/local-llm whose server is the stand-in on {@code port}: declared in net and as BASE_URL. */
  private static Path pointedAt(int port) throws Exception {
    Path capsule = Files.createDirectories(Files.createTempDirectory(stateDirectory(), "root").resolve("local-llm"));
    Path example = EXAMPLES.resolve("local-llm");
    Files.copy(example.resolve("local_llm.wasm"), capsule.resolve("local_llm.wasm"));
    Files.writeString(capsule.resolve(CapsuleManifest.FILE_NAME), Files.readString(example.resolve(
        CapsuleManifest.FILE_NAME), StandardCharsets.UTF_8)
        .replace("net = [\"127.0.0.1:11434\", \"127.0.0.1:8080\"]", "net = [\"127.0.0.1:" + port + "\"]")
        .replace("http://127.0.0.1:11434/v1/chat/completions", "http://127.0.0.1:" + port + "/v1/chat/completions"));
    return capsule;
  }
}
