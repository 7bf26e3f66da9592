package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebAssembly capsules in the real runtime with the real security gate: the notes example does its
 * work in the workspace, and the hostile plugin's reach for files and hosts it did not declare is
 * denied by the gate with the reason, while the runtime and the capsule carry on.
 */
class WasmHostileIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  static Path root;

  private static EmbeddedFramework framework;
  private static CapsuleRegistry registry;
  private static Path workspace;
  private static List<TemporaryProperty> properties;

  @BeforeAll
  static void start() throws Exception {
    workspace = Files.createDirectories(root.resolve("workspace"));
    Files.writeString(Files.createDirectories(workspace.resolve("private")).resolve("keys.txt"), "secret");
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(workspace.resolve("escape"), outside);
    properties = List.of(TemporaryProperty.set("astrid.workspace", workspace.toString()),
        TemporaryProperty.set("astrid.state.dir", root.resolve("state").toString()));
    framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"));
    registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    install(EXAMPLES.resolve("notes"), "notes");
    Path hostile = Files.createDirectories(root.resolve("hostile"));
    Files.copy(ProbeCapsule.PLUGINS.resolve("plugins/hostile.wasm"), hostile.resolve("hostile.wasm"));
    Files.writeString(hostile.resolve("Capsule.toml"), """
        [package]
        name = "hostile"
        version = "1.0.0"

        [component]
        entrypoint = "hostile.wasm"

        [capabilities]
        fs_read = ["public"]
        net = ["api.example.com"]
        kv = ["huge"]
        """);
    install(hostile, "hostile");
    keyValueCapsule("keeper", "kv = [\"cache\"]");
    keyValueCapsule("stranger", "");
  }

  /** A capsule of the host-functions plugin, whose exports kv_get and kv_set take the key (and value) as input. */
  private static void keyValueCapsule(String id, String capabilities) throws Exception {
    install(TestCapsules.hostFunctions(root.resolve(id), id, capabilities), id);
  }

  private static void install(Path directory, String id) {
    TestCapsules.installReady(framework, directory, id, TIMEOUT);
  }

  @AfterAll
  static void stop() {
    framework.close();
    properties.forEach(TemporaryProperty::close);
  }

  @Test
  void theNotesExampleSavesReadsAndListsNotesInTheWorkspace() throws Exception {
    assertEquals(ToolResult.text("saved notes/otters.md"), registry.call("capsule:notes:note_save",
        Map.of("name", "otters", "text", "Otters hold hands while they sleep. \"Rafts\" of them.")));
    assertEquals("Otters hold hands while they sleep. \"Rafts\" of them.",
        Files.readString(workspace.resolve("notes/otters.md")));
    assertEquals(ToolResult.text("Otters hold hands while they sleep. \"Rafts\" of them."),
        registry.call("capsule:notes:note_read", Map.of("name", "otters")));
    assertEquals(ToolResult.text("[\"otters.md\"]"),
        registry.call("capsule:notes:note_list", Map.of()));
    // Issue 19: a missing note is a failed call, not an answer (capsule call and invoke exit non-zero).
    ToolResult missing = registry.call("capsule:notes:note_read", Map.of("name", "beavers"));
    assertTrue(missing.isError() && missing.text().endsWith("note_read: no note named beavers"), missing.toString());
    assertTrue(registry.call("capsule:notes:note_read", Map.of("name", "../private/keys")).isError(),
        "the schema refuses a name that is a path");
  }

  @Test
  void theGateDeniesAnUndeclaredHostAndNamesIt() {
    String reason = callExport("undeclared_http");
    assertEquals("net [https://attacker.example/collect] denied: host [attacker.example] is not declared in"
        + " [capabilities] net", reason);
  }

  @Test
  void theGateDeniesPathsOutsideTheDeclaredPrefixesAndTheWorkspace() throws IOException {
    String real = workspace.toRealPath().toString();
    assertEquals("astrid_read_file: fs_read [../../../../../../etc/passwd] denied: it resolves to /etc/passwd,"
        + " outside the workspace " + real, callExport("path_traversal"));
    assertEquals("astrid_read_file: fs_read [escape/secret.txt] denied: it resolves to "
        + root.toRealPath().resolve("outside/secret.txt") + ", outside the workspace " + real,
        callExport("symlink_escape"));
  }

  @Test
  void theEnginesOwnLimitsHoldInTheRuntimeToo() {
    assertEquals("astrid_kv_set: the value has 2097152 bytes, at most 1048576", callExport("giant_kv"));
    assertEquals("astrid_http_request: header [X-Note] contains a line break", callExport("header_injection"));
  }

  @Test
  void issue20Finding8_aGuestUsesOnlyTheKeyValueNamespacesItDeclares() {
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
    assertArrayEquals(bytes("teal"), registry.invoke("keeper", "kv_get", bytes("cache/colour")),
        "nothing was overwritten");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Calls an export of the hostile capsule through the registry, which must fail; the plugin's reason. */
  private static String callExport(String export) {
    String prefix = "export [" + export + "] of capsule [hostile] failed: ";
    String message = assertThrows(CapsuleException.class, () -> registry.invoke("hostile", export, new byte[0]))
        .getMessage();
    assertTrue(message.startsWith(prefix), message);
    assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), assertDoesNotThrow(() -> registry.invoke("hostile", "ok",
        new byte[0])), "the capsule still works");
    return message.substring(prefix.length());
  }
}
