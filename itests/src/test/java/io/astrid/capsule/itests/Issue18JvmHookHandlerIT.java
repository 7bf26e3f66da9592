package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.Await;
import io.astrid.capsule.testing.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 18: a JVM capsule's HookHandler gets every event the runtime raises about the example text-diff, and its
 * answers decide. Its jars and the example's are trusted by a human for the session. (A container of its own: the
 * session's trust would spare {@code Issue15JvmEngineBundleIT} the question it asserts.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue18JvmHookHandlerIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject
  private CapsuleRegistry registry;

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
  public void issue18_aJvmCapsulesHookHandlerGetsEveryEventAboutTheExampleAndItsAnswersDecide() throws Exception {
    Path dir = Files.createTempDirectory(stateDirectory(), "guard");
    Path guard = dir.resolve("guard");
    context.registerService(Approver.class, (ApprovalRequest request, Duration timeout) ->
        Optional.of(ApprovalAnswer.SESSION), null);
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
    installReady(guard, "guard", TIMEOUT);
    installReady(EXAMPLES.resolve("text-diff"), "text-diff", TIMEOUT);
    awaitJournal("CapsuleLoaded:loaded");

    assertEquals(ToolResult.error("tool [capsule:text-diff:diff_text] denied: guard: no secrets in diffs"),
        registry.call("capsule:text-diff:diff_text", Map.of("before", "secret", "after", "x")));
    assertEquals("the tool got the rewritten arguments: no difference", ToolResult.text(""),
        registry.call("capsule:text-diff:diff_text", Map.of("before", "shout", "after", "SHOUT")));
    assertTrue(registry.call("capsule:text-diff:diff_files", Map.of("before", "absent.txt", "after", "absent.txt"))
        .isError());
    assertTrue(registry.uninstall("text-diff"));
    awaitJournal("CapsuleLoaded:loaded BeforeToolCall:check BeforeToolCall:check AfterToolCall:after"
        + " BeforeToolCall:check ToolError:error AfterToolCall:after CapsuleUnloaded:unloaded");
  }

  private void awaitJournal(String expected) throws InterruptedException {
    Await.until(() -> journal().equals(expected), TIMEOUT,
        () -> "the guard's journal to read [" + expected + "]; it reads [" + journal() + "]");
  }

  private String journal() {
    return registry.call("capsule:guard:journal", Map.of()).text();
  }

}
