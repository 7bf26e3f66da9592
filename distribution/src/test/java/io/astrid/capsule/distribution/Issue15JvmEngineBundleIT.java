package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Issue 15 in the distribution's real Felix: the example JVM capsule, trusted by a human for the
 * session, called through the registry's pipeline, follows the JVM engine bundle as it is stopped,
 * started and updated; neither the old bundle's class loader nor the old layers are retained.
 */
class Issue15JvmEngineBundleIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private EmbeddedFramework framework;
  private CapsuleRegistry registry;
  private final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
  private final BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"));
    registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    framework.register(CapsuleListener.class, events::add);
    // "session", not "always": the trust is not stored in the state directory the other tests share.
    framework.register(Approver.class, (ApprovalRequest request, Duration timeout) -> {
      asked.add(request);
      return Optional.of(ApprovalAnswer.SESSION);
    });
  }

  @AfterEach
  void stop() {
    framework.close();
  }

  @Test
  void theExampleFollowsItsEngineBundleAndNothingOfTheOldBundleOrLayersIsRetained() throws Exception {
    Path directory = EXAMPLES.resolve("text-diff");
    CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
        .read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Capsule capsule = registry.install(manifest, directory);
    assertEquals(CapsuleState.READY, registry.awaitSettled("text-diff", TIMEOUT).state(), capsule.status().toString());
    assertEquals(List.of("io.astrid.examples.textdiff"), capsule.layerModules());
    assertEquals(List.of("jvm"), asked.stream().map(ApprovalRequest::capability).distinct().toList());
    assertEquals(ToolResult.text("--- before\n+++ after\n@@ -1,2 +1,2 @@\n otters\n-hold paws\n+hold hands\n"),
        registry.call("capsule:text-diff:diff_text", Map.of("before", "otters\nhold paws\n",
            "after", "otters\nhold hands\n")));

    Bundle engine = framework.bundle("io.astrid.capsule.engine.jvm").orElseThrow();
    WeakReference<ClassLoader> bundleLoader = new WeakReference<>(engine.adapt(BundleWiring.class).getClassLoader());
    WeakReference<ClassLoader> layerLoader = new WeakReference<>(capsuleToolLoader());

    engine.stop();
    assertEquals(CapsuleStatus.waitingFor(List.of("jvm")), capsule.status());
    assertEquals(List.of(), capsule.layerModules());
    awaitCollected(layerLoader, "the layer loader of the capsule unloaded when its engine bundle stopped");

    engine.start();
    assertEquals(CapsuleState.READY, awaitReady(capsule));
    layerLoader = new WeakReference<>(capsuleToolLoader());
    engine.update();
    assertEquals(CapsuleState.READY, awaitReady(capsule));
    assertEquals(List.of("io.astrid.examples.textdiff"), capsule.layerModules());
    assertEquals(ToolResult.text(""), registry.call("capsule:text-diff:diff_text", Map.of("before", "same",
        "after", "same")));

    awaitCollected(layerLoader, "the layer loader of the capsule reloaded by the engine bundle's update");
    awaitCollected(bundleLoader, "the class loader of the engine bundle before its update");
  }

  /** The class loader of the capsule's own tool class: its layer's loader (the engine wraps it in a record). */
  private ClassLoader capsuleToolLoader() throws ReflectiveOperationException {
    CapsuleTool wrapper = registry.tools().stream().filter(t -> t.capsuleId().equals("text-diff")).findFirst()
        .orElseThrow().tool();
    var accessor = wrapper.getClass().getRecordComponents()[0].getAccessor();
    accessor.setAccessible(true);
    return accessor.invoke(wrapper).getClass().getClassLoader();
  }

  /** Waits for the registry's READY event for the capsule (events, not sleeping). */
  private CapsuleState awaitReady(Capsule capsule) throws InterruptedException {
    while (capsule.status().state() != CapsuleState.READY) {
      CapsuleEvent event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        return capsule.status().state();
      }
    }
    return CapsuleState.READY;
  }

  /** A bounded wait for the GC to clear {@code reference}; the failure says how to find what holds it. */
  private void awaitCollected(WeakReference<?> reference, String what) {
    events.clear(); // events are kept only until the next step; they must not hold what they mention
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (reference.get() != null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " is still reachable after " + TIMEOUT.toSeconds() + " s of GC: something"
            + " holds it; find the holder with jcmd <pid> GC.heap_dump and the dominator tree");
      }
      System.gc();
      byte[][] pressure = new byte[64][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[256 * 1024];
      }
    }
  }
}
