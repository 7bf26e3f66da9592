package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.security.AllowAllGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hostile.c, export by export: each misdeed fails its own call with a clear message, or is
 * contained, and the next call of the same plugin works. The gate allows everything here, so
 * what stops each is the engine itself; WasmHostileIT runs the same plugin against the real gate.
 */
class HostilePluginTest {
  @TempDir
  static Path root;

  private static Engine polyglot;
  private static HostServices services;
  private static WasmCapsuleEngine engine;
  private static Path workspace;
  private static Path outside;

  @BeforeAll
  static void load() throws Exception {
    Path capsule = Files.createDirectories(root.resolve("capsule"));
    workspace = Files.createDirectories(root.resolve("workspace")).toRealPath();
    outside = Files.createDirectories(root.resolve("outside")).toRealPath();
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(workspace.resolve("escape"), outside);
    Files.write(capsule.resolve("hostile.wasm"), TestPlugins.wasm("hostile"));
    CapsuleManifest manifest = CapsuleManifest.builder("hostile", "1.0.0")
        .withComponent(new Component("hostile.wasm", Optional.empty()))
        .withCapabilities(new Capabilities(List.of(), List.of(), List.of("*"), List.of("*"), List.of(),
            List.of())).build();
    services = TestPlugins.services(new AllowAllGate(), root, workspace);
    polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    engine = new WasmCapsuleEngine(polyglot, services, (capsuleId, interceptor) -> () -> { },
        manifest.component().orElseThrow(), Duration.ofSeconds(4), 64L << 20);
    engine.load(new EngineContext("hostile", manifest, capsule, ModuleLayer.empty(), EngineMonitor.IGNORE));
  }

  @AfterAll
  static void unload() {
    engine.unload();
    polyglot.close();
  }

  @AfterEach
  void thePluginIsStillUsable() {
    assertEquals("ok", call("ok"));
  }

  private static String call(String export) {
    return new String(engine.call(export, new byte[0]), StandardCharsets.UTF_8);
  }

  private static String failure(String export) {
    return assertThrows(WasmCallException.class, () -> call(export)).getMessage();
  }

  @Test
  void anInfiniteLoopIsInterruptedAtItsTimeout() {
    long started = System.nanoTime();
    assertEquals("export [infinite_loop] timed out after 4000 ms", failure("infinite_loop"));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMs >= 4000 && tookMs < 6000, "took " + tookMs + " ms");
  }

  /**
   * Issue 14: tools run on their callers' threads, and a caller that gives up interrupts its thread
   * (the pipeline's timeout, a cancelled request). A guest never looks at that interrupt, so the
   * watchdog stops the call within a tick instead of at the engine's own timeout.
   */
  @Test
  void issue14_aCallWhoseThreadIsInterruptedStopsLongBeforeItsTimeout() {
    long started = System.nanoTime();
    Thread.currentThread().interrupt();
    String failure;
    boolean stillInterrupted;
    try {
      failure = failure("infinite_loop");
    } finally {
      stillInterrupted = Thread.interrupted();
    }
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals("export [infinite_loop] was interrupted", failure);
    assertTrue(stillInterrupted, "the caller's interrupt is kept");
    assertTrue(tookMs < 2000, "took " + tookMs + " ms");
  }

  /**
   * Issue 13, finding 10 (c): a log flood stopped at its timeout said only "Execution got
   * interrupted."; the error gives the timeout, the export, and the host function it called last.
   */
  @Test
  void issue13Finding10_aLogFloodStoppedAtItsTimeoutSaysWhatItWasDoing() {
    assertEquals("export [log_flood] timed out after 4000 ms; the last host function it called was [astrid_log]",
        failure("log_flood"));
  }

  @Test
  void aMemoryBombStopsAtTheMaximum() {
    long pages = Long.parseLong(call("memory_bomb"));
    long maximum = (64L << 20) / MemoryLimit.PAGE_BYTES;
    assertTrue(pages <= maximum && pages > maximum - 256, "grown 256 pages at a time to " + pages + " pages: the"
        + " next step would pass the maximum of " + maximum);
  }

  @Test
  void aKernelMemoryBombIsRefusedWithoutHarm() {
    assertEquals("refused", call("kernel_bomb"));
  }

  @Test
  void aResultThatKernelMemoryCannotHoldFailsTheCall() {
    assertEquals("astrid_kv_get: kernel memory is full (64 MiB), the result has 7 bytes",
        failure("result_past_full_kernel"));
    assertEquals("ok", call("ok"));
  }

  @Test
  void aGiantLogLineFailsTheCall() {
    assertEquals("astrid_log: the text has 102400 bytes, at most 65536", failure("giant_log"));
  }

  @Test
  void aGiantKeyValueValueFailsTheCallAndStoresNothing() {
    assertEquals("astrid_kv_set: the value has 2097152 bytes, at most 1048576", failure("giant_kv"));
    assertEquals(Optional.empty(), services.kv().get("hostile", "huge"));
  }

  @Test
  void headerInjectionIsRefusedBeforeAnythingIsSent() {
    assertEquals("astrid_http_request: header [X-Note] contains a line break", failure("header_injection"));
  }

  @Test
  void pathTraversalAndSymlinkEscapesAreRefused() {
    assertEquals("astrid_read_file: fs_read [../../../../../../etc/passwd] denied: it resolves to /etc/passwd,"
        + " outside the workspace " + workspace, failure("path_traversal"));
    assertEquals("astrid_read_file: fs_read [escape/secret.txt] denied: it resolves to " + outside.resolve("secret.txt")
        + ", outside the workspace " + workspace, failure("symlink_escape"));
  }

  @Test
  void aTrapMidCallFailsTheCallAndKeepsWhatTheHostAlreadyDid() {
    assertTrue(failure("trap_mid_call").startsWith("export [trap_mid_call] trapped: "));
    assertEquals("written", new String(services.kv().get("hostile", "before-trap").orElseThrow(),
        StandardCharsets.UTF_8), "host calls completed before the trap are not undone");
  }

  /**
   * Issue 13, finding 5: each trap left the guest's shadow-stack pointer 7 KiB down, and after about
   * ten of them calls failed with unrelated out-of-bounds and UTF-8 errors. The instance is restored
   * after each trap, so a hundred in a row leave it whole, and what the ABI keeps (variables, kv) stays.
   */
  @Test
  void issue13Finding5_aHundredTrapsInARowLeaveThePluginWhole() {
    assertEquals("523776 intact", call("stack_sum"));
    for (int i = 0; i < 100; i++) {
      assertEquals("export [trap_deep_in_stack] trapped: unreachable", failure("trap_deep_in_stack"), "trap " + i);
    }
    for (int i = 0; i < 10; i++) {
      assertEquals("523776 intact", call("stack_sum"));
    }
  }

  @Test
  void invalidUtf8WhereTextIsRequiredIsRefused() {
    assertEquals("astrid_kv_set: the text is not valid UTF-8", failure("invalid_utf8"));
  }

  @Test
  void aCallToAMissingExportSaysSo() {
    assertEquals("the plugin has no export [nothing_here]", failure("nothing_here"));
    assertFalse(engine.contributions().tools().iterator().hasNext());
  }
}
