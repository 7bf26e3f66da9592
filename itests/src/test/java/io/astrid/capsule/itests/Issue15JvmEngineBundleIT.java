package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;

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
import io.astrid.capsule.testing.Await;
import io.astrid.capsule.testing.Collectable;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Issue 15 in the distribution's bundles: the example JVM capsule, trusted by a human for the session, called
 * through the registry's pipeline, follows the JVM engine bundle as it is stopped, started and updated; neither the
 * old bundle's class loader nor the old layers are retained.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue15JvmEngineBundleIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject
  private CapsuleRegistry registry;

  private final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
  private final BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();

  @Before
  public void aHumanWhoTrustsForTheSession() {
    // "session", not "always": the trust is not stored in the state directory.
    context.registerService(Approver.class, (ApprovalRequest request, Duration timeout) -> {
      asked.add(request);
      return Optional.of(ApprovalAnswer.SESSION);
    }, null);
    context.registerService(CapsuleListener.class, events::add, null);
  }

  @Test
  public void theExampleFollowsItsEngineBundleAndNothingOfTheOldBundleOrLayersIsRetained() throws Exception {
    Capsule capsule = installReady(EXAMPLES.resolve("text-diff"), "text-diff", TIMEOUT);
    assertEquals(List.of("io.astrid.examples.textdiff"), capsule.layerModules());
    assertEquals(List.of("jvm"), asked.stream().map(ApprovalRequest::capability).distinct().toList());
    assertEquals(ToolResult.text("--- before\n+++ after\n@@ -1,2 +1,2 @@\n otters\n-hold paws\n+hold hands\n"),
        registry.call("capsule:text-diff:diff_text", Map.of("before", "otters\nhold paws\n",
            "after", "otters\nhold hands\n")));

    Bundle engine = installed("io.astrid.capsule.engine.jvm");
    WeakReference<ClassLoader> bundleLoader = new WeakReference<>(engine.adapt(BundleWiring.class).getClassLoader());
    WeakReference<ClassLoader> layerLoader = new WeakReference<>(capsuleToolLoader());

    engine.stop();
    assertEquals(CapsuleStatus.waitingFor(List.of("jvm")), capsule.status());
    assertEquals(List.of(), capsule.layerModules());
    awaitCollected(layerLoader, "the layer loader of the capsule unloaded when its engine bundle stopped");

    engine.start();
    awaitReady(capsule);
    layerLoader = new WeakReference<>(capsuleToolLoader());
    engine.update();
    awaitReady(capsule);
    assertEquals(List.of("io.astrid.examples.textdiff"), capsule.layerModules());
    assertEquals(ToolResult.text(""), registry.call("capsule:text-diff:diff_text", Map.of("before", "same",
        "after", "same")));

    awaitCollected(layerLoader, "the layer loader of the capsule reloaded by the engine bundle's update");
    awaitCollected(bundleLoader, "the class loader of the engine bundle before its update");
  }

  /** Waits for the capsule's READY event (an arrival is handled on the capsule's own thread). */
  private void awaitReady(Capsule capsule) throws InterruptedException {
    Await.next(events, e -> e.current().state() == CapsuleState.READY, TIMEOUT,
        () -> "text-diff READY again: " + capsule.status());
  }

  /** A bounded wait for the GC to clear {@code reference}; the failure says how to find what holds it. */
  private void awaitCollected(WeakReference<?> reference, String what) {
    events.clear(); // events are kept only until the next step; they must not hold what they mention
    Collectable.await(reference, what, TIMEOUT);
  }

  /** The class loader of the capsule's own tool class: its layer's loader (the engine wraps it in a record). */
  private ClassLoader capsuleToolLoader() throws ReflectiveOperationException {
    CapsuleTool wrapper = registry.tools().stream().filter(t -> t.capsuleId().equals("text-diff")).findFirst()
        .orElseThrow().tool();
    var accessor = wrapper.getClass().getRecordComponents()[0].getAccessor();
    accessor.setAccessible(true);
    return accessor.invoke(wrapper).getClass().getClassLoader();
  }
}
