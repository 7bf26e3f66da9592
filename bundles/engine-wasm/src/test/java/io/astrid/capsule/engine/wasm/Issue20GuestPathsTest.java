package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.AllowAllGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, finding 1 and the self-modification rule, reproduced through a real guest (the C plugin
 * host-functions.c): the gate judged one path and the engine opened another (a link then
 * {@code ..} collapsed as text), which let a capsule allowed only {@code notes} write a capsule
 * into {@code .astrid/plugins}.
 */
class Issue20GuestPathsTest {
  @TempDir
  static Path root;

  private static Path workspace;
  private static Engine polyglot;
  private static WasmCapsuleEngine engine;

  @BeforeAll
  static void load() throws Exception {
    workspace = Files.createDirectories(root.resolve("workspace")).toRealPath();
    Files.createDirectories(workspace.resolve(".astrid/plugins"));
    Files.createDirectories(workspace.resolve("notes"));
    Files.writeString(workspace.resolve("notes/readme.md"), "# Notes");
    Files.createSymbolicLink(workspace.resolve("README.md"), Path.of("notes/readme.md"));
    Files.createDirectories(workspace.resolve("docs/sub"));
    Files.writeString(workspace.resolve("docs/y"), "in docs");
    Files.createDirectories(workspace.resolve("private"));
    Files.writeString(workspace.resolve("private/y"), "private");
    Files.createSymbolicLink(workspace.resolve("private/lnk"), Path.of("../docs/sub"));
    CapsuleManifest manifest = TestPlugins.writeCapsule(root, "host-functions", """
        [package]
        name = "notes"
        version = "1.0.0"

        [component]
        entrypoint = "host-functions.wasm"

        [capabilities]
        fs_read = ["docs"]
        fs_write = ["notes"]
        """);
    Path capsule = root.resolve("capsule");
    polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    engine = new WasmCapsuleEngine(polyglot, TestPlugins.services(new AllowAllGate(), root, workspace),
        (capsuleId, interceptor) -> () -> { }, manifest.component().orElseThrow(), Duration.ofSeconds(10), 64L << 20);
    engine.load(new EngineContext("notes", manifest, capsule, ModuleLayer.empty(), EngineMonitor.IGNORE));
  }

  @AfterAll
  static void unload() {
    engine.unload();
    polyglot.close();
  }

  private static String call(String export, String input) {
    return new String(engine.call(export, input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Test
  void finding1_aCapsuleAllowedNotesCannotWriteACapsuleThroughALinkAndDotDot() throws Exception {
    call("fs_mkdir", "README.md/../.astrid/plugins/red");
    call("write_file", "README.md/../.astrid/plugins/red/notes.md\n# red");
    WasmCallException manifest = assertThrows(WasmCallException.class,
        () -> call("write_file", "README.md/../.astrid/plugins/red/Capsule.toml\n[package]\nname = \"red\""));

    assertFalse(Files.exists(workspace.resolve(".astrid/plugins/red")), "no capsule beside the runtime's");
    assertEquals("# red", Files.readString(workspace.resolve("notes/.astrid/plugins/red/notes.md")),
        "where the gate judged");
    assertEquals("astrid_write_file: fs_write [README.md/../.astrid/plugins/red/Capsule.toml] denied: it is a"
        + " capsule manifest, which no capsule may write", manifest.getMessage());
  }

  @Test
  void finding1_aReadThroughALinkAndDotDotReadsTheFileTheGateAllowed() {
    assertEquals("in docs", call("read_file", "private/lnk/../y"));
  }

  @Test
  void selfModification_theRuntimeDirectoryIsRefusedWithItsReason() {
    WasmCallException e = assertThrows(WasmCallException.class,
        () -> call("write_file", "README.md/../../.astrid/plugins/red/Capsule.toml\nx"));
    assertEquals("astrid_write_file: fs_write [README.md/../../.astrid/plugins/red/Capsule.toml] denied: it is"
        + " inside [" + workspace.resolve(".astrid") + "], the runtime's own directory, which no capsule may write",
        e.getMessage());
  }
}
