package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.Await;
import io.astrid.capsule.testing.TestJars;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Issue 15 in the distribution's real Felix: the example JVM capsule, trusted by a human for the
 * session, called through the registry's pipeline, follows the JVM engine bundle as it is stopped,
 * started and updated; neither the old bundle's class loader nor the old layers are retained. Issue
 * 18: a JVM capsule's HookHandler gets every event the runtime raises about the example.
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

  /**
   * A JVM guard (built by javac here) intercepting the example: it journals each event about
   * text-diff, denies a diff of "secret" and rewrites "shout" to "SHOUT"; its tool reads the journal.
   */
  private static final String GUARD = """
      package guard;
      import io.astrid.capsule.api.jvm.*;
      import io.astrid.capsule.api.tool.*;
      import java.util.*;
      public class Guard implements CapsuleHookProvider, CapsuleToolProvider {
        static final List<String> JOURNAL = Collections.synchronizedList(new ArrayList<>());
        public Optional<HookHandler> handler(CapsuleHost host) {
          return Optional.of((interceptor, event) -> {
            if (!"text-diff".equals(event.get("capsule"))) {
              return Map.of();
            }
            JOURNAL.add(event.get("event") + ":" + event.get("action"));
            Map<String, Object> arguments = (Map<String, Object>) event.get("arguments");
            if (!"BeforeToolCall".equals(event.get("event"))) {
              return Map.of();
            }
            if ("secret".equals(arguments.get("before"))) {
              return Map.of("deny", "no secrets in diffs");
            }
            Map<String, Object> rewritten = new HashMap<>(arguments);
            rewritten.replace("before", "shout", "SHOUT");
            return Map.of("arguments", rewritten);
          });
        }
        public List<CapsuleTool> tools(CapsuleHost host) {
          return List.of(new CapsuleTool() {
            public String name() { return "journal"; }
            public String description() { return "The events seen"; }
            public Map<String, Object> inputSchema() { return Map.of("type", "object"); }
            public ToolResult call(Map<String, Object> arguments) { return ToolResult.text(String.join(" ", JOURNAL)); }
          });
        }
        public void close() {}
      }
      """;

  @Test
  void issue18_aJvmCapsulesHookHandlerGetsEveryEventAboutTheExampleAndItsAnswersDecide(@TempDir Path dir)
      throws Exception {
    Path guard = dir.resolve("guard");
    new TestJars(Files.createDirectories(dir.resolve("work")), CapsuleToolProvider.class).jar(
        guard.resolve("lib/guard.jar"), Map.of("module-info.java", "module guard { requires io.astrid.capsule.api;"
            + " provides io.astrid.capsule.api.jvm.CapsuleHookProvider with guard.Guard;"
            + " provides io.astrid.capsule.api.jvm.CapsuleToolProvider with guard.Guard; }",
            "guard/Guard.java", GUARD), Map.of());
    Files.writeString(guard.resolve("Capsule.toml"), """
        [package]
        name = "guard"
        version = "1.0.0"

        [component]
        entrypoint = "lib/guard.jar"

        [capabilities]
        jvm = true
        intercept = ["text-diff"]

        [[interceptor]]
        event = "CapsuleLoaded"
        action = "loaded"

        [[interceptor]]
        event = "CapsuleUnloaded"
        action = "unloaded"

        [[interceptor]]
        event = "BeforeToolCall"
        action = "check"

        [[interceptor]]
        event = "ToolError"
        action = "error"

        [[interceptor]]
        event = "AfterToolCall"
        action = "after"
        """);
    rig.install(guard);
    assertEquals(CapsuleState.READY, registry.awaitSettled("guard", EngineBundleRig.TIMEOUT).state());
    rig.install(EngineBundleRig.EXAMPLES.resolve("text-diff"));
    assertEquals(CapsuleState.READY, registry.awaitSettled("text-diff", EngineBundleRig.TIMEOUT).state());
    awaitJournal("CapsuleLoaded:loaded");

    assertEquals(ToolResult.error("tool [capsule:text-diff:diff_text] denied: guard: no secrets in diffs"),
        registry.call("capsule:text-diff:diff_text", Map.of("before", "secret", "after", "x")));
    assertEquals(ToolResult.text(""), registry.call("capsule:text-diff:diff_text",
        Map.of("before", "shout", "after", "SHOUT")), "the tool got the rewritten arguments: no difference");
    assertTrue(registry.call("capsule:text-diff:diff_files", Map.of("before", "absent.txt", "after", "absent.txt"))
        .isError());
    assertTrue(registry.uninstall("text-diff"));
    awaitJournal("CapsuleLoaded:loaded BeforeToolCall:check BeforeToolCall:check AfterToolCall:after"
        + " BeforeToolCall:check ToolError:error AfterToolCall:after CapsuleUnloaded:unloaded");
  }

  private void awaitJournal(String expected) throws InterruptedException {
    Await.until(() -> journal().equals(expected), EngineBundleRig.TIMEOUT,
        "the guard's journal to read [" + expected + "]; it reads [" + journal() + "]");
  }

  private String journal() {
    return registry.call("capsule:guard:journal", Map.of()).text();
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
