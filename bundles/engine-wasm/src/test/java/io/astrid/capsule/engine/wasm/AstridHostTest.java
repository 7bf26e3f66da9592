package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.host.UplinkListener;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.core.internal.host.DefaultUplinkHub;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Astrid host function and entry point, called by the C plugin host-functions.c on the
 * real host services (MVStore, the bus, the uplink hub, the cron timer, the security gate's
 * workspace files with every path declared). HTTP's gate allows all here: what the gate denies is
 * SecurityGateIT's and WasmHostileIT's business; what is left is the engine's own work and checks.
 */
class AstridHostTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path root;

  private static Engine polyglot;
  private static HostServices services;
  private static WasmCapsuleEngine engine;
  private static Path workspace;
  private static final List<CapsuleHook> interceptors = new ArrayList<>();
  private static final List<String> uplinkMessages = new ArrayList<>();
  private static HttpServer server;

  @BeforeAll
  static void load() throws Exception {
    CapsuleManifest manifest = TestPlugins.writeHostCapsule(root, "host-functions", "host", """

        [[command]]
        name = "deploy"
        description = "Deploys"

        [[interceptor]]
        event = "BeforeToolCall"
        action = "guard"

        [[interceptor]]
        event = "AfterToolCall"

        [[tool]]
        name = "lookup"
        description = "Looks something up"
        input_schema = { type = "object" }
        """);
    workspace = root.resolve("workspace");
    services = TestPlugins.services(new AllowAllGate(), root, workspace);
    ((DefaultUplinkHub) services.uplinks()).addListener((uplink, user, content) ->
        uplinkMessages.add(uplink.name() + " " + user + ": " + content));
    polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    engine = TestPlugins.engine(polyglot, services, (capsuleId, interceptor) -> {
      interceptors.add(interceptor);
      return () -> interceptors.remove(interceptor);
    }, manifest);
    engine.load(new EngineContext("host", manifest, root.resolve("capsule"), ModuleLayer.empty(), EngineMonitor.IGNORE,
        ENV));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/json", exchange -> {
      byte[] body = ("you sent " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Served-By", "test");
      exchange.sendResponseHeaders(201, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/binary", exchange -> {
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write(new byte[] {(byte) 0xff, 0});
      exchange.close();
    });
    server.start();
  }

  @AfterAll
  static void unload() {
    engine.unload();
    polyglot.close();
    server.stop(0);
  }

  private static String call(String export, String input) {
    return new String(engine.call(export, input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private static String failure(String export, String input) {
    return assertThrows(WasmCallException.class, () -> call(export, input)).getMessage();
  }

  /** The values the runtime's CapsuleEnvironment resolved for this capsule: the engine hands on only these. */
  private static final EnvValues ENV = new EnvValues(Map.of("greeting", "hello"), List.of());

  @Test
  void filesAreWrittenReadListedStattedAndDeletedInTheWorkspace() throws IOException {
    call("fs_mkdir", "notes/2026");
    assertTrue(Files.isDirectory(workspace.resolve("notes/2026")));
    call("write_file", "notes/2026/today.md\n# Today\nline two");
    assertEquals("# Today\nline two", Files.readString(workspace.resolve("notes/2026/today.md")));
    assertEquals("# Today\nline two", call("read_file", "notes/2026/today.md"));
    assertEquals("true", call("fs_exists", "notes/2026/today.md"));
    assertEquals("", call("fs_exists", "notes/2026/tomorrow.md"), "upstream answers nothing for false");
    assertEquals("[\"today.md\"]", call("fs_readdir", "notes/2026"), "upstream's form: the names");
    JsonNode stat = json(call("fs_stat", "notes/2026/today.md"));
    assertEquals("[size, isDir, mtime, type, modified]", List.copyOf(stat.propertyStream().map(Map.Entry::getKey)
        .toList()).toString(), "upstream's fields first");
    assertEquals(16, stat.get("size").asInt());
    assertFalse(stat.get("isDir").asBoolean());
    assertEquals(Files.getLastModifiedTime(workspace.resolve("notes/2026/today.md")).toInstant().getEpochSecond(),
        stat.get("mtime").asLong());
    assertEquals("file", stat.get("type").asText());
    assertTrue(stat.get("modified").asText().endsWith("Z"), stat.toString());
    JsonNode directory = json(call("fs_stat", "notes"));
    assertTrue(directory.get("isDir").asBoolean());
    assertEquals("directory", directory.get("type").asText());
    call("write_file", "notes/2026/today.md\nreplaced");
    assertEquals("replaced", call("read_file", "notes/2026/today.md"));
    call("fs_unlink", "notes/2026/today.md");
    assertFalse(Files.exists(workspace.resolve("notes/2026/today.md")));
    try (var left = Files.list(workspace.resolve("notes/2026"))) {
      assertEquals(0, left.count(), "no temporary file is left behind");
    }
  }

  @Test
  void fileErrorsSayWhatWasWrong() throws IOException {
    assertEquals("astrid_read_file [missing.txt]: no such file or directory", failure("read_file", "missing.txt"));
    assertEquals("astrid_fs_stat [missing.txt]: no such file or directory", failure("fs_stat", "missing.txt"));
    Files.createDirectories(workspace.resolve("full"));
    Files.writeString(workspace.resolve("full/a"), "a");
    assertEquals("astrid_fs_unlink [full]: the directory is not empty", failure("fs_unlink", "full"));
    assertEquals("astrid_write_file [full]: is a directory", failure("write_file", "full\nx"));
    assertEquals("astrid_write_file [no/such/dir/f]: no such file or directory",
        failure("write_file", "no/such/dir/f\nx"));
    assertEquals("astrid_read_file: fs_read [] denied: the path is empty", failure("read_file", ""));
    assertEquals("astrid_fs_unlink [.]: the workspace itself cannot be deleted", failure("fs_unlink", "."));
  }

  @Test
  void theWorkspaceIsNeverLeftEvenWithEveryPathDeclared() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside")).toRealPath();
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(workspace.resolve("escape"), outside);
    String why = " denied: it resolves to " + outside.resolve("secret.txt") + ", outside the workspace "
        + workspace.toRealPath();
    assertEquals("astrid_read_file: fs_read [../outside/secret.txt]" + why,
        failure("read_file", "../outside/secret.txt"));
    assertEquals("astrid_read_file: fs_read [escape/secret.txt]" + why, failure("read_file", "escape/secret.txt"));
    assertEquals("astrid_write_file: fs_write [escape/new.txt] denied: it resolves to " + outside.resolve("new.txt")
        + ", outside the workspace " + workspace.toRealPath(), failure("write_file", "escape/new.txt\nx"));
    assertFalse(Files.exists(outside.resolve("new.txt")));
    assertEquals("astrid_read_file: fs_read [" + outside.resolve("secret.txt") + "]" + why,
        failure("read_file", outside.resolve("secret.txt").toString()));
  }

  @Test
  void theKeyValueStoreKeepsBytesPerCapsule() {
    call("kv_set", "colour\nteal");
    assertEquals("teal", call("kv_get", "colour"));
    assertEquals(Optional.empty(), services.kv().get("someone-else", "colour"));
    assertEquals("", call("kv_get", "never-set"));
    assertEquals("astrid_kv_set: the name is empty", failure("kv_set", "\nvalue"));
  }

  @Test
  void configurationComesFromTheCapsulesResolvedEnvAsUpstreamsJson() {
    assertEquals("\"hello\"", call("get_config", "greeting"));
    assertEquals("", call("get_config", "undeclared"));
  }

  @Test
  void logLevelsAreUpstreams() {
    assertEquals("", call("log", "warn\nsomething odd"));
    assertEquals("", call("log", "loud\nhi"), "an unknown level is info, as upstream");
  }

  @Test
  void httpRequestsAreJsonInAndOut() throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    JsonNode response = json(call("http", "{\"url\":\"" + base + "/json\",\"method\":\"POST\",\"headers\":"
        + "{\"Content-Type\":\"text/plain\"},\"body\":\"ping\"}"));
    assertEquals(201, response.get("status").asInt());
    assertEquals("you sent ping", response.get("body").asText());
    assertEquals("test", response.get("headers").get("x-served-by").asText());
    JsonNode binary = json(call("http", "{\"url\":\"" + base + "/binary\"}"));
    assertEquals("/wA=", binary.get("body_base64").asText());
    assertFalse(binary.has("body"));
    assertEquals("astrid_http_request: the request must be a JSON object with a \"url\" string",
        failure("http", "[1]"));
  }

  @Test
  void theBusDeliversBetweenCapsulesAndGuests() {
    String subscription = call("ipc_subscribe", "issues.*");
    MessageBus.Subscription other = services.bus().subscribe("other", "host.issues.created");
    call("ipc_publish", "issues.created\n{\"id\":7}");
    JsonNode poll = json(call("ipc_poll", subscription));
    assertEquals(1, poll.get("messages").size());
    JsonNode message = poll.get("messages").get(0);
    assertEquals("host.issues.created", message.get("topic").asText(), "namespaced by the publisher");
    assertEquals("{\"type\":\"custom\",\"data\":{\"id\":7}}", message.get("payload").toString());
    assertTrue(message.get("signature").isNull());
    assertEquals(UpstreamIpc.sourceId("host"), message.get("source_id").asText());
    assertEquals("host", message.get("sender").asText());
    assertEquals(0, poll.get("dropped").asInt());
    assertEquals("{\"messages\":[],\"dropped\":0}", call("ipc_poll", subscription), "nothing more");
    assertEquals("{\"id\":7}", new String(other.poll().orElseThrow().payload(), StandardCharsets.UTF_8));
    services.bus().publish("other", "host.issues.closed", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"messages\":[],\"dropped\":0}", call("ipc_poll", subscription),
        "other.host.issues.closed is not the host's");
    call("ipc_unsubscribe", subscription);
    assertEquals("astrid_ipc_poll: no subscription [" + subscription + "]", failure("ipc_poll", subscription));
    assertEquals("astrid_ipc_publish: topic [issues.*] has a wildcard or a space",
        failure("ipc_publish", "issues.*\n{}"));
    other.close();
  }

  @Test
  void uplinksHandMessagesToTheHost() {
    String id = call("uplink_register", "chat\ntelegram\nChat");
    assertEquals(id, UUID.fromString(id).toString(), "upstream's uplink id is a UUID");
    assertEquals("{\"ok\":true}", call("uplink_send", id + "\nuser-42\nhello there"));
    assertEquals("chat user-42: hello there", uplinkMessages.getLast());
    assertEquals("astrid_uplink_send: invalid uplink_id [host/nope#1]: not a UUID",
        failure("uplink_send", "host/nope#1\nu\nx"));
    String stranger = UUID.randomUUID().toString();
    assertEquals("astrid_uplink_send: uplink " + stranger + " not registered by capsule host",
        failure("uplink_send", stranger + "\nu\nx"));
    assertEquals("astrid_uplink_register: invalid uplink profile: \"bot\" (expected: chat, interactive, notify, "
        + "bridge, human)", failure("uplink_register", "chat\ntelegram\nBot"));
  }

  @Test
  void cronJobsScheduledByTheGuestTriggerIt() throws Exception {
    assertTrue(failure("cron_schedule", "bad\n61 * * * *\n{}").startsWith(
        "astrid_cron_schedule: cron job [bad]: schedule \"61 * * * *\" is invalid: "));
    call("cron_schedule", "digest\n@daily\nsend the digest");
    call("cron_cancel", "digest");
    call("cron_cancel", "digest"); // cancelling twice is fine
    // A due job runs the guest's astrid_cron_trigger (the timer's own timing is CronTimerTest's).
    AstridHostTest.engine.call(AstridHost.CRON_EXPORT, "{\"name\":\"digest\",\"payload\":\"now\"}"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"name\":\"digest\",\"payload\":\"now\"}", call("kv_get", "last-cron"));
  }

  @Test
  void commandsWithoutAFileRunTheComponent() throws Exception {
    LoadedCommand deploy = engine.contributions().commands().getFirst();
    assertEquals("deploy", deploy.name());
    assertEquals("ran: {\"command\":\"deploy\",\"arguments\":\"--prod\"}",
        deploy.runner().orElseThrow().run("--prod"));
  }

  @Test
  void theHookExportGetsTheInputAsJsonAndItsAnswerComesBackAsAnObject() {
    CapsuleHook hook = interceptors.getFirst();
    Interceptor guard = hook.interceptors().getFirst();
    assertEquals(List.of(new Interceptor(InterceptorEvent.BeforeToolCall, Optional.of("guard")),
        new Interceptor(InterceptorEvent.AfterToolCall, Optional.empty())), hook.interceptors());
    assertEquals(Map.of("deny", "forbidden words"), hook.trigger(guard, Map.of("event", "BeforeToolCall",
        "arguments", Map.of("q", "forbidden"))));
    assertEquals(Map.of("arguments", Map.of("q", "rewritten")), hook.trigger(guard, Map.of("event",
        "BeforeToolCall", "arguments", Map.of("q", "rewrite-me"))));
    assertEquals(Map.of(), hook.trigger(guard, Map.of("event", "BeforeToolCall", "arguments", Map.of("q", "fine"))),
        "an empty output is an empty answer");
  }

  @Test
  void toolsAreCalledWithNameAndArguments() throws Exception {
    assertEquals(ToolResult.text("{\"name\":\"lookup\",\"arguments\":{\"q\":\"otters\"}}"),
        engine.contributions().tools().getFirst().call(Map.of("q", "otters")));
  }

  @Test
  void wasiHasAClockRandomnessAndOutputButNoDirectoryAndNoStandardInput() {
    // 8 is EBADF: file descriptor 3 would be the first preopened directory, and there is none.
    // The kernel takes the call's input through standard input; none of it is left for the guest.
    assertEquals("clock=0 random=0 print=0 preopen=8 stdin=0", call("wasi", "the call's input"));
  }

  @Test
  void whatAGuestOpenedEndsWithIt() throws Exception {
    Path capsule = root.resolve("capsule");
    CapsuleManifest manifest = new TomlManifestReader().read(capsule.resolve("Capsule.toml")).orThrow();
    List<CapsuleHook> registered = new ArrayList<>();
    WasmCapsuleEngine second = TestPlugins.engine(polyglot, services, (capsuleId, interceptor) -> {
      registered.add(interceptor);
      return () -> registered.remove(interceptor);
    }, manifest);
    second.load(new EngineContext("host", manifest, capsule, ModuleLayer.empty(), EngineMonitor.IGNORE, ENV));
    second.call("ipc_subscribe", "gone.*".getBytes(StandardCharsets.UTF_8));
    String hubId = hubIdOfUplink(second, "side");
    assertEquals(1, registered.size());
    second.unload();
    assertEquals(0, services.bus().publish("x", "gone.now", new byte[0]), "its subscription is closed");
    assertThrows(IllegalArgumentException.class, () -> services.uplinks().send("host", hubId, "u", "x"));
    assertEquals(0, registered.size(), "its interceptor is unregistered");
    assertEquals("\"hello\"", call("get_config", "greeting"), "the first instance is untouched");
  }

  /** Registers uplink {@code name} from {@code engine}'s guest and sends on it: the hub's id, as a listener sees it. */
  private static String hubIdOfUplink(WasmCapsuleEngine engine, String name) {
    String[] hubId = new String[1];
    UplinkListener listener = (uplink, user, content) -> hubId[0] = uplink.name().equals(name) ? uplink.id() : hubId[0];
    ((DefaultUplinkHub) services.uplinks()).addListener(listener);
    try {
      byte[] register = (name + "\np\nnotify").getBytes(StandardCharsets.UTF_8);
      String guestId = new String(engine.call("uplink_register", register), StandardCharsets.UTF_8);
      engine.call("uplink_send", (guestId + "\nu\nx").getBytes(StandardCharsets.UTF_8));
    } finally {
      ((DefaultUplinkHub) services.uplinks()).removeListener(listener);
    }
    return hubId[0];
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

}
