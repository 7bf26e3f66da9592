package io.astrid.capsule.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.llm.LlmProvider;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.Await;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * WebAssembly capsules in the real runtime (GraalVM from the boot path, the wasm bundle) with the real security
 * gate: a component's tool is called through the pipeline, the notes example does its work in the workspace, and the
 * hostile plugin's reach for files and hosts it did not declare is denied by the gate with the reason, while the
 * runtime and the capsule carry on; a loopback server is reached only as declared (issue 20 finding 5), and the
 * example local-llm serves its model as an OSGi service (issue 18). The capsules that the tests only call are docked
 * once for the class; those of a loopback server come and go with it, in their test. The servers are the JDK's HTTP
 * server on loopback (a real model server cannot run on the build machine).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WasmCapsuleIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Where the capsules are written: in this container's state directory, once. */
  private static Path root;

  @Inject
  private CapsuleRegistry registry;

  @Override
  protected List<Option> moreOptions() {
    // The loopback servers: the JDK's HTTP server, from the boot class path.
    return List.of(bootDelegationPackage("com.sun.net.httpserver"));
  }

  @Before
  public void dockTheCapsulesOnce() throws Exception {
    if (root != null) {
      return;
    }
    root = Files.createTempDirectory(stateDirectory(), "capsules");
    Path workspace = workspaceDirectory();
    Files.writeString(Files.createDirectories(workspace.resolve("private")).resolve("keys.txt"), "secret");
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(workspace.resolve("escape"), outside);
    installReady(EXAMPLES.resolve("notes"), "notes", TIMEOUT);
    installReady(TestCapsules.wasmCapsule(root.resolve("hostile"), TestCapsules.wasmFixture("plugins/hostile.wasm"),
        "hostile", """
            [capabilities]
            fs_read = ["public"]
            net = ["api.example.com"]
            kv = ["huge"]
            """), "hostile", TIMEOUT);
    keyValueCapsule("keeper", "kv = [\"cache\"]");
    keyValueCapsule("stranger", "");
    // The host-functions plugin answers a tool call with its own request.
    installReady(TestCapsules.wasmCapsule(root.resolve("probe"), TestCapsules.wasmFixture(
        "plugins/host-functions.wasm"), "probe", """
            [[tool]]
            name = "lookup"
            description = "Looks something up"
            input_schema = { type = "object", properties = { q = { type = "string" } }, required = ["q"] }
            """), "probe", TIMEOUT);
  }

  /** A capsule of the host-functions plugin, whose exports kv_get and kv_set take the key (and value) as input. */
  private void keyValueCapsule(String id, String capabilities) throws Exception {
    installReady(TestCapsules.hostFunctions(root.resolve(id), id, capabilities), id, TIMEOUT);
  }

  @Test
  public void aToolOfTheComponentIsCalledThroughThePipeline() {
    assertEquals(ToolResult.text("{\"name\":\"lookup\",\"arguments\":{\"q\":\"otters\"}}"),
        registry.call("capsule:probe:lookup", Map.of("q", "otters")));
    assertTrue("the schema still applies", registry.call("capsule:probe:lookup", Map.of()).isError());
  }

  @Test
  public void theNotesExampleSavesReadsAndListsNotesInTheWorkspace() throws Exception {
    assertEquals(ToolResult.text("saved notes/otters.md"), registry.call("capsule:notes:note_save",
        Map.of("name", "otters", "text", "Otters hold hands while they sleep. \"Rafts\" of them.")));
    assertEquals("Otters hold hands while they sleep. \"Rafts\" of them.",
        Files.readString(workspaceDirectory().resolve("notes/otters.md")));
    assertEquals(ToolResult.text("Otters hold hands while they sleep. \"Rafts\" of them."),
        registry.call("capsule:notes:note_read", Map.of("name", "otters")));
    assertEquals(ToolResult.text("[\"otters.md\"]"),
        registry.call("capsule:notes:note_list", Map.of()));
    // Issue 19: a missing note is a failed call, not an answer (capsule call and invoke exit non-zero).
    ToolResult missing = registry.call("capsule:notes:note_read", Map.of("name", "beavers"));
    assertTrue(missing.toString(), missing.isError() && missing.text().endsWith("note_read: no note named beavers"));
    assertTrue("the schema refuses a name that is a path",
        registry.call("capsule:notes:note_read", Map.of("name", "../private/keys")).isError());
  }

  @Test
  public void theGateDeniesAnUndeclaredHostAndNamesIt() {
    String reason = callExport("undeclared_http");
    assertEquals("net [https://attacker.example/collect] denied: host [attacker.example] is not declared in"
        + " [capabilities] net", reason);
  }

  @Test
  public void theGateDeniesPathsOutsideTheDeclaredPrefixesAndTheWorkspace() throws IOException {
    String real = workspaceDirectory().toRealPath().toString();
    // Where six levels up lands depends on how deep the checkout is (/etc/passwd here, /check/etc/passwd in CI).
    String traversal = "../../../../../../etc/passwd";
    assertEquals("astrid_read_file: fs_read [" + traversal + "] denied: it resolves to "
        + Path.of(real).resolve(traversal).normalize() + ", outside the workspace " + real,
        callExport("path_traversal"));
    assertEquals("astrid_read_file: fs_read [escape/secret.txt] denied: it resolves to "
        + root.toRealPath().resolve("outside/secret.txt") + ", outside the workspace " + real,
        callExport("symlink_escape"));
  }

  @Test
  public void theEnginesOwnLimitsHoldInTheRuntimeToo() {
    assertEquals("astrid_kv_set: the value has 2097152 bytes, at most 1048576", callExport("giant_kv"));
    assertEquals("astrid_http_request: header [X-Note] contains a line break", callExport("header_injection"));
  }

  @Test
  public void issue20Finding8_aGuestUsesOnlyTheKeyValueNamespacesItDeclares() {
    registry.invoke("keeper", "kv_set", bytes("cache/colour\nteal"));
    assertArrayEquals(bytes("teal"), registry.invoke("keeper", "kv_get", bytes("cache/colour")));

    assertEquals("export [kv_set] of capsule [keeper] failed: astrid_kv_set: kv [token] denied: it is not within a"
        + " declared [capabilities] kv namespace [cache]", assertThrows(CapsuleException.class,
            () -> registry.invoke("keeper", "kv_set", bytes("token\nstolen"))).getMessage());
    assertEquals("export [kv_get] of capsule [keeper] failed: astrid_kv_get: kv [cache-evil] denied: it is not within"
        + " a declared [capabilities] kv namespace [cache]", assertThrows(CapsuleException.class,
            () -> registry.invoke("keeper", "kv_get", bytes("cache-evil"))).getMessage());
    assertEquals("export [kv_set] of capsule [stranger] failed: astrid_kv_set: kv [cache/colour] denied: the capsule"
        + " declares no [capabilities] kv", assertThrows(CapsuleException.class,
            () -> registry.invoke("stranger", "kv_set", bytes("cache/colour\nred"))).getMessage());
    assertEquals("export [kv_get] of capsule [stranger] failed: astrid_kv_get: kv [cache/colour] denied: the capsule"
        + " declares no [capabilities] kv", assertThrows(CapsuleException.class,
            () -> registry.invoke("stranger", "kv_get", bytes("cache/colour"))).getMessage());
    assertArrayEquals("nothing was overwritten", bytes("teal"),
        registry.invoke("keeper", "kv_get", bytes("cache/colour")));
  }

  /**
   * Issue 20 finding 5: with the real gate and Jetty's client, a name that resolves to the loopback ({@code
   * localhost}) is refused unless the loopback address is declared with the port.
   */
  @Test
  public void issue20Finding5_aNameThatResolvesToTheLoopbackIsRefusedWithoutTheAddressDeclared() throws Exception {
    HttpServer server = serve("/hello", helloFromTheLoopback());
    int port = server.getAddress().getPort();
    try {
      installReady(TestCapsules.hostFunctions(root.resolve("by-name"), "by-name",
          "net = [\"localhost:" + port + "\"]"), "by-name", TIMEOUT);
      String url = "http://localhost:" + port + "/hello";
      String reason = failure("by-name", url);
      assertEquals("net [" + url + "] denied: host [localhost] resolves to [127.0.0.1], a special-purpose address"
          + " (loopback): only an IP address or range declared in [capabilities] net reaches it (such as 127.0.0.1:"
          + port + ")", reason);
    } finally {
      registry.uninstall("by-name");
      server.stop(0);
    }
  }

  /** Issue 20 finding 5: with the loopback address declared with its port, the request is made. */
  @Test
  public void issue20Finding5_theLoopbackDeclaredWithItsPortIsReached() throws Exception {
    HttpServer server = serve("/hello", helloFromTheLoopback());
    int port = server.getAddress().getPort();
    try {
      installReady(TestCapsules.hostFunctions(root.resolve("by-address"), "by-address",
          "net = [\"localhost:" + port + "\", \"127.0.0.1:" + port + "\"]"), "by-address", TIMEOUT);
      String answer = new String(registry.invoke("by-address", "http",
          request("http://localhost:" + port + "/hello")), StandardCharsets.UTF_8);
      assertEquals(answer, "{\"status\":200,", answer.substring(0, 14));
      assertTrue(answer, answer.contains("\"body\":\"hello from the loopback\""));
      String otherPort = "http://127.0.0.1:" + (port == 65535 ? port - 1 : port + 1) + "/hello";
      assertEquals("net [" + otherPort + "] denied: port [" + (port == 65535 ? port - 1 : port + 1) + "] of host"
          + " [127.0.0.1] is not declared in [capabilities] net (an entry without a port allows its scheme's default"
          + " port only, host:* every port)", failure("by-address", otherPort));
    } finally {
      registry.uninstall("by-address");
      server.stop(0);
    }
  }

  private static HttpHandler helloFromTheLoopback() {
    return exchange -> {
      byte[] body = "hello from the loopback".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    };
  }

  /**
   * Issue 18, LLM providers: examples/local-llm serves its {@code [[llm_provider]]} as an {@link LlmProvider} OSGi
   * service while it is READY, answered by its plugin, which forwards the request through the gate to the stand-in
   * server; it answers with the last message it was sent.
   */
  @Test
  public void issue18_theLlmProviderIsAnOsgiServiceWhileItsCapsuleIsReady() throws Exception {
    HttpServer server = serve("/v1/chat/completions", exchange -> {
      JsonNode messages = JSON.readTree(exchange.getRequestBody()).path("messages");
      String said = messages.path(messages.size() - 1).path("content").asText();
      byte[] reply = JSON.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion", "choices",
          List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", "You said: " + said),
              "finish_reason", "stop"))));
      exchange.sendResponseHeaders(200, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
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
      registry.uninstall("local-llm");
      server.stop(0);
    }
  }

  /** A copy of examples/local-llm whose server is the stand-in on {@code port}: declared in net and as BASE_URL. */
  private Path pointedAt(int port) throws Exception {
    Path capsule = Files.createDirectories(root.resolve("local-llm"));
    Path example = EXAMPLES.resolve("local-llm");
    Files.copy(example.resolve("local_llm.wasm"), capsule.resolve("local_llm.wasm"));
    Files.writeString(capsule.resolve(CapsuleManifest.FILE_NAME), Files.readString(example.resolve(
        CapsuleManifest.FILE_NAME), StandardCharsets.UTF_8)
        .replace("net = [\"127.0.0.1:11434\", \"127.0.0.1:8080\"]", "net = [\"127.0.0.1:" + port + "\"]")
        .replace("http://127.0.0.1:11434/v1/chat/completions", "http://127.0.0.1:" + port + "/v1/chat/completions"));
    return capsule;
  }

  /** The JDK's HTTP server on a free loopback port, answering {@code path} with {@code handler}; started. */
  private static HttpServer serve(String path, HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(path, handler);
    server.start();
    return server;
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

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Calls an export of the hostile capsule through the registry, which must fail; the plugin's reason. */
  private String callExport(String export) {
    String prefix = "export [" + export + "] of capsule [hostile] failed: ";
    String message = assertThrows(CapsuleException.class, () -> registry.invoke("hostile", export, new byte[0]))
        .getMessage();
    assertTrue(message, message.startsWith(prefix));
    assertArrayEquals("the capsule still works", bytes("ok"), registry.invoke("hostile", "ok", new byte[0]));
    return message.substring(prefix.length());
  }
}
