package io.astrid.capsule.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * WebAssembly capsules in the real runtime (GraalVM from the boot path, the wasm bundle) with the real security
 * gate: a component's tool is called through the pipeline, the notes example does its work in the workspace, and the
 * hostile plugin's reach for files and hosts it did not declare is denied by the gate with the reason, while the
 * runtime and the capsule carry on. The capsules are docked once for the class, as the tests only call them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WasmCapsuleIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Where the capsules are written: in this container's state directory, once. */
  private static Path root;

  @Inject
  private CapsuleRegistry registry;

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
    assertEquals("astrid_read_file: fs_read [../../../../../../etc/passwd] denied: it resolves to /etc/passwd,"
        + " outside the workspace " + real, callExport("path_traversal"));
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
