package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import io.astrid.capsule.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * Issue 16, configuration applied live: a setting changed in the user's configuration directory while
 * a capsule serves reaches the component in place ({@code @Modified}), and the capsule stays READY,
 * never unloaded or reloaded.
 */
class Issue16LiveSettingsIT {
  // Not a Pax Exam test: the launcher watches the user's configuration directory (and bin/capsule run its workspace's).
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INITIALIZE = """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
      "capabilities":{},"clientInfo":{"name":"issue16","version":"1"}}}""";
  private static final String SAVE = """
      {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"notes_note_save",
      "arguments":{"name":"otters","text":"hold hands"}}}""";

  @Test
  void anApprovalChangedInTheUsersConfDirActsWhileTheCapsuleStaysReady(@TempDir Path conf, @TempDir Path workspace)
      throws Exception {
    Path security = conf.resolve(CapsuleSecurityGate.PID + ".cfg");
    String state = "state.directory = " + workspace.resolve(".state") + "\n";
    Files.writeString(security, "approval.fs_write = allow\n" + state);
    Files.writeString(conf.resolve("io.astrid.capsule.engine.wasm.cfg"), "workspace = " + workspace + "\n");
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf))) {
      List<CapsuleEvent> events = new CopyOnWriteArrayList<>();
      framework.register(CapsuleListener.class, events::add);
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
          .read(EXAMPLES.resolve("notes").resolve(CapsuleManifest.FILE_NAME)).orThrow();
      registry.install(manifest, EXAMPLES.resolve("notes"));
      assertEquals(CapsuleState.READY, registry.awaitSettled("notes", TIMEOUT).state());
      assertFalse(save(registry).isError(), "allowed before the change");

      CountDownLatch modified = gateModified(framework, "deny");
      Files.writeString(security, "approval.fs_write = deny\n" + state);
      assertTrue(modified.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the gate got the new value in place");

      assertEquals(ToolResult.error("astrid_fs_mkdir: fs_write [" + workspace.toRealPath().resolve("notes")
          + "] denied: approval.fs_write=deny"), save(registry));
      assertEquals(CapsuleState.READY, registry.awaitSettled("notes", TIMEOUT).state());
      assertEquals(List.of(), events.stream().filter(e -> e.previous().state() == CapsuleState.READY).toList(),
          "never left READY: no unload, no reload");
    }
  }

  @Test
  void anEditOfTheWorkspacesConfWhileCapsuleRunServesActsWithoutReloadingTheCapsule(@TempDir Path temp)
      throws Exception {
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, notesRoot(temp))) {
      String session = "Mcp-Session-Id: " + RawHttp.post(runtime.url(), INITIALIZE).headers().get("mcp-session-id");
      assertEquals("saved notes/otters.md", text(RawHttp.post(runtime.url(), SAVE, session)));

      // The runtime's working directory is the workspace: its .astrid/conf is the last settings layer.
      Path edit = temp.resolve(".astrid/conf/" + CapsuleSecurityGate.PID + ".cfg");
      Files.createDirectories(edit.getParent());
      Files.writeString(edit, "approval.fs_write = deny\n");
      awaitAnswer(runtime, session, denied(temp));
      assertEquals(List.of(), runtime.output().stream().filter(l -> l.startsWith("capsule notes")).toList(),
          "no state change printed: the capsule stayed READY");
      assertTrue(runtime.isAlive(), "the same runtime all along");
    }
  }

  /**
   * The directions of issue 16 the embedded launcher has (it has no config commands: the files are its only writer):
   * a value outside its options is logged with PID, key and value while the gate keeps its last good one, and
   * deleting the file brings the shipped default back. Each seen by what note_save does. A bad value there at start
   * is logged as a live one is, and its default applies: in the key-value store's PID (the core bundle's, whose
   * components read their configuration before the validation is registered) it failed the store, and with it
   * the wasm engine and the capsule.
   */
  @Test
  void aBadValueIsLoggedTheLastGoodOneStaysAndDeletingTheFileBringsTheDefaultBack(@TempDir Path temp)
      throws Exception {
    Path edit = Files.createDirectories(temp.resolve(".astrid/conf")).resolve(CapsuleSecurityGate.PID + ".cfg");
    Files.writeString(edit.resolveSibling("io.astrid.capsule.kv.cfg"), "kv.quota.keys = lots\n");
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, notesRoot(temp))) {
      String atStart = "setting not applied [io.astrid.capsule.kv kv.quota.keys=lots]: invalid value (a long);"
          + " the default applies";
      assertEquals(1, runtime.startOutput().stream().filter(line -> line.endsWith(" - " + atStart)).count(),
          () -> "[" + atStart + "] printed once at start: " + runtime.startOutput());
      String session = "Mcp-Session-Id: " + RawHttp.post(runtime.url(), INITIALIZE).headers().get("mcp-session-id");
      assertEquals("saved notes/otters.md", text(RawHttp.post(runtime.url(), SAVE, session)));
      Files.writeString(edit, "approval.fs_write = deny\n");
      awaitAnswer(runtime, session, denied(temp));

      Files.writeString(edit, "approval.fs_write = maybe\n");
      String logged = "setting not applied [io.astrid.capsule.security approval.fs_write=maybe]: not a valid option"
          + " (one of allow, ask, deny); approval.fs_write stays deny";
      Await.until(() -> runtime.output().stream().anyMatch(line -> line.contains(logged)), TIMEOUT,
          "[" + logged + "] printed");
      assertEquals(denied(temp), text(RawHttp.post(runtime.url(), SAVE, session)));
      assertEquals(List.of(), runtime.output().stream().filter(l -> l.contains("modified method has thrown")).toList(),
          "the gate never failed on the value");

      Files.delete(edit);
      awaitAnswer(runtime, session, "saved notes/otters.md");
      assertTrue(runtime.isAlive(), "the same runtime all along");
    }
  }

  /** A root in {@code temp} holding a copy of the notes example (its manifest and module). */
  private static Path notesRoot(Path temp) throws IOException {
    Path notes = Files.createDirectories(temp.resolve("root/notes"));
    for (String file : List.of(CapsuleManifest.FILE_NAME, "notes.wasm")) {
      Files.copy(EXAMPLES.resolve("notes").resolve(file), notes.resolve(file));
    }
    return notes.getParent();
  }

  private static String denied(Path workspace) throws IOException {
    return "astrid_fs_mkdir: fs_write [" + workspace.toRealPath().resolve("notes") + "] denied: approval.fs_write=deny";
  }

  /** Calls note_save until it answers {@code expected}: a settings change applies within {@link #TIMEOUT}. */
  private static void awaitAnswer(GatewayRuntime runtime, String session, String expected) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    String answer = text(RawHttp.post(runtime.url(), SAVE, session));
    while (!answer.equals(expected) && Instant.now().isBefore(deadline)) {
      answer = text(RawHttp.post(runtime.url(), SAVE, session));
    }
    assertEquals(expected, answer);
  }

  /** The text of a tools/call answer, which comes on an event stream: the data of its last event. */
  private static String text(RawHttp.Response response) throws Exception {
    String body = response.body();
    JsonNode message = JSON.readTree(body.startsWith("event:") ? body.substring(body.lastIndexOf("data: ") + 6) : body);
    return message.path("result").path("content").path(0).path("text").asText(response.body());
  }

  private static ToolResult save(CapsuleRegistry registry) {
    return registry.call("capsule:notes:note_save", Map.of("name", "otters", "text", "hold hands"));
  }

  /**
   * Counts down when Declarative Services modifies the gate's service with {@code approval.fs_write=mode}:
   * it updates a component's service properties when {@code @Modified} took a configuration, and
   * unregisters the service instead when the component had to be reactivated.
   */
  private static CountDownLatch gateModified(EmbeddedFramework framework, String mode) throws Exception {
    CountDownLatch latch = new CountDownLatch(1);
    BundleContext system = framework.bundle("org.apache.felix.framework").orElseThrow().getBundleContext();
    ServiceListener listener = event -> {
      if (event.getType() == ServiceEvent.MODIFIED
          && mode.equals(event.getServiceReference().getProperty(CapsuleSecurityGate.APPROVAL_FS_WRITE))) {
        latch.countDown();
      }
    };
    system.addServiceListener(listener, "(objectClass=" + CapsuleSecurityGate.class.getName() + ")");
    return latch;
  }
}
