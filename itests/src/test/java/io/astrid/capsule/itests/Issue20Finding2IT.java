package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.WasmEngineConfiguration;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 20, finding 2: {@code approval.fs_read}, {@code approval.fs_write} and {@code approval.host_process} did
 * nothing, because Declarative Services named the gate's keys {@code approval.fs.read}... Each, set for the gate's
 * PID, must act on a real guest and a real server. (That every key the distribution ships is one its component
 * reads is distribution's {@code Issue20Finding2IT}: the launcher's shipped settings.) Each test gives the wasm
 * engine a workspace of its own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue20Finding2IT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Inject
  private CapsuleRegistry registry;

  private Path workspace;

  @Before
  public void aWorkspaceOfItsOwn() throws Exception {
    workspace = Files.createTempDirectory(stateDirectory(), "workspace");
    configure(WasmEngineConfiguration.PID, EngineFactory.class,
        Map.of(WasmEngineConfiguration.WORKSPACE, workspace.toString()));
  }

  @After
  public void uninstallTheCapsules() throws Exception {
    uninstallAll();
  }

  @Test
  public void finding2_approvalFsWriteDenyDeniesAGuestsWrite() throws Exception {
    configure(CapsuleSecurityGate.PID, CapsuleSecurityGate.class, Map.of(CapsuleSecurityGate.APPROVAL_FS_WRITE,
        "deny"));
    installReady(EXAMPLES.resolve("notes"), "notes", TIMEOUT);

    ToolResult saved = registry.call("capsule:notes:note_save", Map.of("name", "otters", "text", "hold hands"));

    // The reason names the real path the gate judged (issue 20 finding 10).
    assertEquals(ToolResult.error("astrid_fs_mkdir: fs_write [" + workspace.toRealPath().resolve("notes")
        + "] denied: approval.fs_write=deny"), saved);
    assertFalse(Files.exists(workspace.resolve("notes/otters.md")));
  }

  @Test
  public void finding2_approvalFsReadDenyDeniesAGuestsRead() throws Exception {
    configure(CapsuleSecurityGate.PID, CapsuleSecurityGate.class, Map.of(CapsuleSecurityGate.APPROVAL_FS_READ,
        "deny"));
    Files.createDirectories(workspace.resolve("notes"));
    Files.writeString(workspace.resolve("notes/otters.md"), "hold hands");
    installReady(EXAMPLES.resolve("notes"), "notes", TIMEOUT);

    assertEquals(ToolResult.error("astrid_fs_exists: fs_read [" + workspace.toRealPath().resolve("notes/otters.md")
        + "] denied: approval.fs_read=deny"), registry.call("capsule:notes:note_read", Map.of("name", "otters")));
  }

  @Test
  public void finding2_approvalHostProcessDenyDeniesAServerStart() throws Exception {
    configure(CapsuleSecurityGate.PID, CapsuleSecurityGate.class, Map.of(CapsuleSecurityGate.APPROVAL_HOST_PROCESS,
        "deny"));
    Path capsule = Files.createTempDirectory(stateDirectory(), "everything");
    Files.writeString(capsule.resolve(CapsuleManifest.FILE_NAME), TestCapsules.everythingManifest());
    registry.install(service(ManifestReader.class, TIMEOUT)
        .read(capsule.resolve(CapsuleManifest.FILE_NAME)).orThrow(), capsule);

    assertEquals(CapsuleStatus.failed("engine [mcp:everything] failed to load: mcp server [everything] cannot"
        + " start: host_process [node] denied: approval.host_process=deny"),
        registry.awaitSettled("everything", TIMEOUT));
  }
}
