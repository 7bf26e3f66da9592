package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private EngineBundleRig rig;
  private CapsuleRegistry registry;
  private final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    rig = new EngineBundleRig();
    registry = rig.registry;
    // "session", not "always": the trust is not stored in the state directory the other tests share.
    rig.framework.register(Approver.class, (ApprovalRequest request, Duration timeout) -> {
      asked.add(request);
      return Optional.of(ApprovalAnswer.SESSION);
    });
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void theExampleFollowsItsEngineBundleAndNothingOfTheOldBundleOrLayersIsRetained() throws Exception {
    Capsule capsule = rig.install(EngineBundleRig.EXAMPLES.resolve("text-diff"));
    assertEquals(CapsuleState.READY, registry.awaitSettled("text-diff", EngineBundleRig.TIMEOUT).state(),
        capsule.status().toString());
    assertEquals(List.of("io.astrid.examples.textdiff"), capsule.layerModules());
    assertEquals(List.of("jvm"), asked.stream().map(ApprovalRequest::capability).distinct().toList());
    assertEquals(ToolResult.text("--- before\n+++ after\n@@ -1,2 +1,2 @@\n otters\n-hold paws\n+hold hands\n"),
        registry.call("capsule:text-diff:diff_text", Map.of("before", "otters\nhold paws\n",
            "after", "otters\nhold hands\n")));

    Bundle engine = rig.bundle("io.astrid.capsule.engine.jvm");
    WeakReference<ClassLoader> bundleLoader = new WeakReference<>(engine.adapt(BundleWiring.class).getClassLoader());
    WeakReference<ClassLoader> layerLoader = new WeakReference<>(capsuleToolLoader());

    engine.stop();
    assertEquals(CapsuleStatus.waitingFor(List.of("jvm")), capsule.status());
    assertEquals(List.of(), capsule.layerModules());
    rig.awaitCollected(layerLoader, "the layer loader of the capsule unloaded when its engine bundle stopped");

    engine.start();
    assertEquals(CapsuleState.READY, rig.awaitReady(capsule));
    layerLoader = new WeakReference<>(capsuleToolLoader());
    engine.update();
    assertEquals(CapsuleState.READY, rig.awaitReady(capsule));
    assertEquals(List.of("io.astrid.examples.textdiff"), capsule.layerModules());
    assertEquals(ToolResult.text(""), registry.call("capsule:text-diff:diff_text", Map.of("before", "same",
        "after", "same")));

    rig.awaitCollected(layerLoader, "the layer loader of the capsule reloaded by the engine bundle's update");
    rig.awaitCollected(bundleLoader, "the class loader of the engine bundle before its update");
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
