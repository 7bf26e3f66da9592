package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;

/**
 * Issue 16 in our Karaf assembly through the Karaf base (the test inside Karaf, on Java 25), driven as an operator
 * drives it, through Karaf's shell: the capsule features are installed and started ({@code feature:list}), the
 * examples dock from the configured roots ({@code capsule:list}), a tool is called ({@code capsule:call}), the engine
 * bundles are stopped, updated and started ({@code bundle:*}) with their capsules WAITING and then READY again, and a
 * security setting changed with {@code config:property-set} applies live while the capsules run (Karaf writes it to
 * its {@code etc/*.cfg}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue16KarafIT extends KarafContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String FS_WRITE = CapsuleSecurityGate.APPROVAL_FS_WRITE;

  private CapsuleRegistry registry;

  @Override
  protected List<Option> moreOptions() throws IOException {
    return List.of(roots(examplesRoot("hello-static", "notes")));
  }

  @Before
  public void docked() throws Exception {
    registry = service(CapsuleRegistry.class, BOOT);
    // Docked from the roots' configuration as the features start: each goes READY once its engines are up.
    for (String capsule : List.of("hello-static", "notes")) {
      awaitReady(capsule);
    }
  }

  @Test
  public void theCapsuleFeaturesAreInstalledAndTheExamplesDock() throws Exception {
    String features = shell("feature:list -i");
    for (String feature : List.of("capsule-runtime", "capsule-engine-wasm", "capsule-engine-mcp",
        "capsule-engine-jvm", "capsule-gateway", "capsule-shell")) {
      assertTrue(feature + " started:\n" + features,
          features.lines().anyMatch(line -> line.startsWith(feature + " ") && line.contains("Started")));
    }
    assertEquals("""
        CAPSULE       VERSION  STATE  ENGINES       TOOLS
        hello-static  0.1.0    READY  static        0
        notes         0.1.0    READY  static, wasm  3
        """, shell("capsule:list"));
  }

  @Test
  public void aToolIsCalledThroughTheShell() throws Exception {
    assertEquals("saved notes/shell-otters.md\n",
        shell("capsule:call capsule:notes:note_save '{\"name\": \"shell-otters\", \"text\": \"They hold hands.\"}'"));
    assertEquals("They hold hands.\n", shell("capsule:call capsule:notes:note_read '{\"name\": \"shell-otters\"}'"));
  }

  @Test
  public void theEngineBundlesAreStoppedUpdatedAndStartedThroughTheShellWithTheCapsulesWaitingThenReady()
      throws Exception {
    BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();
    ServiceRegistration<CapsuleListener> listening = listen(events);
    try {
      for (String kind : List.of("static", "wasm")) {
        long engine = installed("io.astrid.capsule.engine." + kind).getBundleId();
        // A departing engine's capsules are unloaded before its bundle has stopped (the factory's departure waits).
        shell("bundle:stop " + engine);
        assertEquals(CapsuleStatus.waitingFor(List.of(kind)), registry.capsule("notes").orElseThrow().status());
        shell("bundle:update " + engine);
        shell("bundle:start " + engine);
        assertEquals(CapsuleState.READY, awaitEvent(events, "notes", CapsuleState.READY).current().state());
        // Updated while it runs: the capsules go WAITING while the old revision stops, READY on the new one.
        shell("bundle:update " + engine);
        awaitEvent(events, "notes", CapsuleState.WAITING);
        awaitEvent(events, "notes", CapsuleState.READY);
      }
    } finally {
      listening.unregister();
    }
    assertEquals(CapsuleState.READY, registry.awaitSettled("hello-static", TIMEOUT).state());
    assertEquals("saved notes/updated.md\n",
        shell("capsule:call capsule:notes:note_save '{\"name\": \"updated\", \"text\": \"after the updates\"}'"));
  }

  @Test
  public void aSecuritySettingChangedWithConfigCommandsAppliesWhileTheCapsulesRun() throws Exception {
    BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();
    ServiceRegistration<CapsuleListener> listening = listen(events);
    try {
      assertFalse(save().toString(), save().isError());
      assertTrue("the gate got the new value in place", setFsWrite("deny"));
      assertEquals(ToolResult.error("astrid_fs_mkdir: fs_write [" + karafHome().toRealPath().resolve("notes")
          + "] denied: approval.fs_write=deny"), save());
      // Karaf keeps the change in its etc/*.cfg, where an operator's own edit would be.
      Path file = karafHome().resolve("etc/" + CapsuleSecurityGate.PID + ".cfg");
      assertTrue(Files.readString(file), Files.readString(file).lines()
          .anyMatch(line -> line.matches(Pattern.quote(FS_WRITE) + "\\s*=\\s*deny")));
    } finally {
      assertTrue("the gate allows again", setFsWrite("allow"));
      listening.unregister();
    }
    assertFalse(save().toString(), save().isError());
    assertEquals(CapsuleState.READY, registry.capsule("notes").orElseThrow().status().state());
    assertEquals("never left READY: no unload, no reload", List.of(),
        events.stream().filter(e -> e.previous().state() == CapsuleState.READY).toList());
  }

  private ToolResult save() {
    return registry.call("capsule:notes:note_save", Map.of("name", "otters", "text", "hold hands"));
  }

  /** Puts every capsule event into {@code events} until unregistered. */
  private ServiceRegistration<CapsuleListener> listen(BlockingQueue<CapsuleEvent> events) {
    return context.registerService(CapsuleListener.class, events::add, null);
  }

  /** Returns once the capsule is READY, within {@link #BOOT}. */
  private void awaitReady(String capsule) throws Exception {
    BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();
    ServiceRegistration<CapsuleListener> listening = listen(events);
    try {
      if (!registry.capsule(capsule).map(c -> c.status().state() == CapsuleState.READY).orElse(false)) {
        awaitEvent(events, capsule, CapsuleState.READY, BOOT);
      }
    } finally {
      listening.unregister();
    }
  }

  /** The next event of {@code capsule} into {@code state}, within the timeout. */
  private CapsuleEvent awaitEvent(BlockingQueue<CapsuleEvent> events, String capsule, CapsuleState state)
      throws InterruptedException {
    return awaitEvent(events, capsule, state, TIMEOUT);
  }

  private CapsuleEvent awaitEvent(BlockingQueue<CapsuleEvent> events, String capsule, CapsuleState state,
      Duration timeout) throws InterruptedException {
    return Await.next(events, e -> e.capsuleId().equals(capsule) && e.current().state() == state, timeout,
        () -> "capsule [" + capsule + "] going " + state + ": it is "
            + registry.capsule(capsule).map(c -> c.status().toString()).orElse("not installed"));
  }

  /**
   * Sets {@code approval.fs_write} of the security gate's PID with {@code config:property-set}, as an operator types
   * it in Karaf's console; true once Declarative Services modified the gate's service with the new value (it updates
   * a component's service properties when {@code @Modified} took a configuration, without reactivating it).
   */
  private boolean setFsWrite(String mode) throws Exception {
    CountDownLatch modified = new CountDownLatch(1);
    ServiceListener listener = event -> {
      if (event.getType() == ServiceEvent.MODIFIED
          && mode.equals(event.getServiceReference().getProperty(FS_WRITE))) {
        modified.countDown();
      }
    };
    context.addServiceListener(listener, "(objectClass=" + CapsuleSecurityGate.class.getName() + ")");
    try {
      assertEquals("", shell("config:property-set -p " + CapsuleSecurityGate.PID + " " + FS_WRITE + " " + mode));
      return modified.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      context.removeServiceListener(listener);
    }
  }
}
