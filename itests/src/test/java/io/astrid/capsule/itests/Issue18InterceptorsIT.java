package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.WasmEngineConfiguration;
import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.Await;
import io.astrid.capsule.testing.TestCapsules;
import io.astrid.capsule.testing.TestJars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * Issue 18: every interceptor event the runtime raises reaches a real WebAssembly capsule's
 * astrid_hook_trigger at its moment, and its answers allow, deny with a reason or rewrite; a hook that
 * times out or traps is decided by interceptor.failure. A capsule whose code is an MCP server (no component)
 * intercepts through its server's tools: the runtime's events reach the tool each interceptor names, and the tool's
 * answer denies; a JVM capsule's HookHandler gets every event about the example text-diff and its answers decide.
 * Each test starts from an empty registry and sets the settings it needs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue18InterceptorsIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String ECHO = "capsule:subject:echo";
  /** The registry's default: a failed hook denies. */
  private static final Map<String, String> DENY = Map.of(CapsuleRegistry.INTERCEPTOR_FAILURE, "deny");

  /** The capsule whose tool calls, commands and lifecycle the guards see. */
  private static final String SUBJECT = """
      [[tool]]
      name = "echo"
      description = "Answers its request"
      input_schema = { type = "object", properties = { text = { type = "string" } } }

      [[command]]
      name = "greet"
      description = "Run by the component"

      [[command]]
      name = "hello"
      file = "commands/hello.toml"
      """;

  /** Hooks every event, for the capsule [subject] and itself. */
  private static final String GUARD = guarding("CapsuleLoaded:loaded", "CapsuleUnloaded:unloaded",
      "BeforeToolCall:before", "AfterToolCall:after", "ToolError:error", "BeforeCommand:before-command",
      "AfterCommand:after-command");

  @Inject
  private CapsuleRegistry registry;

  private Path dir;

  @Before
  public void aDirectoryOfItsOwn() throws Exception {
    dir = Files.createTempDirectory(stateDirectory(), "interceptors");
  }

  @After
  public void uninstallTheCapsules() throws Exception {
    uninstallAll();
  }

  @Test
  public void everyEventReachesTheGuardAtItsMomentAndItsAnswersDecide() throws Exception {
    installReady(TestCapsules.hooks(dir.resolve("guard"), "guard", GUARD), "guard", TIMEOUT);
    Journal journal = new Journal(registry);
    journal.await("CapsuleLoaded:loaded(guard) ");
    installReady(subject(dir), "subject", TIMEOUT);
    journal.await("CapsuleLoaded:loaded(subject) ");

    assertEquals("allowed: nothing answered",
        ToolResult.text("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"),
        registry.call(ECHO, Map.of("text", "hi")));
    journal.await("BeforeToolCall:before(subject) AfterToolCall:after(subject) ");

    assertEquals(ToolResult.error("tool [capsule:subject:echo] denied: guard: forbidden words"),
        registry.call(ECHO, Map.of("text", "forbidden")));
    journal.await("BeforeToolCall:before(subject) ");

    assertEquals("the tool got the rewritten arguments",
        ToolResult.text("{\"name\":\"echo\",\"arguments\":{\"text\":\"rewritten\"}}"),
        registry.call(ECHO, Map.of("text", "rewrite-me")));
    journal.await("BeforeToolCall:before(subject) AfterToolCall:after(subject) ");

    assertEquals(ToolResult.text("replaced by the hook"), registry.call(ECHO, Map.of("text", "replace-me")));
    journal.await("BeforeToolCall:before(subject) AfterToolCall:after(subject) ");

    ToolResult failed = registry.call(ECHO, Map.of("text", "fail-me"));
    assertTrue(failed.toString(), failed.isError() && failed.toString().contains("the tool failed as asked"));
    journal.await("BeforeToolCall:before(subject) ToolError:error(subject) AfterToolCall:after(subject) ");

    assertEquals("astrid_command_run got the rewrite", "ran {\"command\":\"greet\",\"arguments\":\"rewritten\"}",
        registry.runCommand("subject", "greet", "rewrite-me please"));
    journal.await("BeforeCommand:before-command(subject) AfterCommand:after-command(subject) ");

    assertEquals("AfterCommand replaced the output", "SHOUTED", registry.runCommand("subject", "greet", "shout"));
    journal.await("BeforeCommand:before-command(subject) AfterCommand:after-command(subject) ");

    assertEquals("a file-backed command rendered", "Hello Ada, you said: Ada and Bob",
        registry.runCommand("subject", "hello", "Ada and Bob"));
    journal.await("BeforeCommand:before-command(subject) AfterCommand:after-command(subject) ");

    CapsuleException denied = assertThrows(CapsuleException.class,
        () -> registry.runCommand("subject", "hello", "forbidden"));
    assertEquals("command [/hello] of capsule [subject] denied: guard: forbidden words", denied.getMessage());
    journal.await("BeforeCommand:before-command(subject) ");

    assertTrue(registry.uninstall("subject"));
    journal.await("CapsuleUnloaded:unloaded(subject) ");
  }

  @Test
  public void aHookThatTimesOutOrTrapsDeniesByDefault() throws Exception {
    reset(CapsuleRegistry.PID, CapsuleRegistry.class, DENY);
    installFailingGuards();

    ToolResult slow = registry.call(ECHO, Map.of("text", "hi"));
    assertTrue(slow.toString(), slow.isError());
    assertTrue(slow.toString(), slow.toString().contains("tool [capsule:subject:echo] denied: interceptor [slow] of"
        + " capsule [slow] failed: export [astrid_hook_trigger] timed out after 300 ms"));
    CapsuleException trapped = assertThrows(CapsuleException.class,
        () -> registry.runCommand("subject", "greet", "x"));
    assertTrue(trapped.getMessage(), trapped.getMessage().startsWith("command [/greet] of capsule [subject] denied:"
        + " interceptor [trap] of capsule [trap] failed: "));
  }

  @Test
  public void withInterceptorFailureAllowTheCallGoesOnAsIfTheHookHadAnsweredNothing() throws Exception {
    configure(CapsuleRegistry.PID, CapsuleRegistry.class, Map.of(CapsuleRegistry.INTERCEPTOR_FAILURE, "allow"));
    try {
      installFailingGuards();

      assertEquals(ToolResult.text("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"),
          registry.call(ECHO, Map.of("text", "hi")));
      assertEquals("ran {\"command\":\"greet\",\"arguments\":\"x\"}", registry.runCommand("subject", "greet", "x"));
    } finally {
      reset(CapsuleRegistry.PID, CapsuleRegistry.class, DENY);
    }
  }

  @Test
  public void anMcpServersToolHearsEveryEventAndItsDenialStopsTheCall() throws Exception {
    Path server = Path.of(System.getProperty("mcp.test.servers")).resolve("hook-server.mjs");
    Path guard = Files.createDirectories(dir.resolve("mcpguard"));
    Files.writeString(guard.resolve("Capsule.toml"), """
        [package]
        name = "mcpguard"
        version = "1.0.0"

        [capabilities]
        host_process = ["node"]
        intercept = ["subject"]

        [[mcp_server]]
        id = "hooks"
        command = "node"
        args = ["%s"]
        """.formatted(server) + TestCapsules.interceptors("CapsuleLoaded:guard", "BeforeToolCall:guard",
        "BeforeCommand:guard"));
    installReady(guard, "mcpguard", TIMEOUT);
    installReady(subject(dir), "subject", TIMEOUT);
    Await.until(() -> mcpJournal().contains("CapsuleLoaded:subject"), TIMEOUT,
        () -> "the guard's tool heard no CapsuleLoaded of [subject]: " + mcpJournal());

    assertEquals(ToolResult.error("tool [capsule:subject:echo] denied: mcpguard: forbidden words"),
        registry.call("capsule:subject:echo", Map.of("text", "forbidden")));
    assertEquals("allowed: the tool answered nothing",
        ToolResult.text("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"),
        registry.call("capsule:subject:echo", Map.of("text", "hi")));
    CapsuleException denied = assertThrows(CapsuleException.class,
        () -> registry.runCommand("subject", "greet", "forbidden"));
    assertEquals("command [/greet] of capsule [subject] denied: mcpguard: forbidden words", denied.getMessage());
    assertEquals("CapsuleLoaded:mcpguard CapsuleLoaded:subject BeforeToolCall:subject BeforeToolCall:subject"
        + " BeforeCommand:subject", mcpJournal());
  }

  /** The events the MCP guard's tool heard, less the calls of its journal tool (each a BeforeToolCall of its own). */
  private String mcpJournal() {
    return Arrays.stream(registry.call("capsule:mcpguard:journal", Map.of()).text().split(" "))
        .filter(entry -> !entry.equals("BeforeToolCall:mcpguard"))
        .collect(Collectors.joining(" "));
  }

  /** [slow] never answers BeforeToolCall (its calls time out after 300 ms); [trap] traps on BeforeCommand. */
  private void installFailingGuards() throws Exception {
    configure(WasmEngineConfiguration.PID, EngineFactory.class,
        Map.of(WasmEngineConfiguration.LIMITS, "slow:timeout_ms=300"));
    installReady(TestCapsules.hooks(dir.resolve("slow"), "slow", guarding("BeforeToolCall:slow")), "slow", TIMEOUT);
    installReady(TestCapsules.hooks(dir.resolve("trap"), "trap", guarding("BeforeCommand:trap")), "trap", TIMEOUT);
    installReady(subject(dir), "subject", TIMEOUT);
  }

  /** The manifest sections of a guard of the capsule [subject] with these interceptors (event:action). */
  private static String guarding(String... interceptors) {
    return "[capabilities]\nintercept = [\"subject\"]\n" + TestCapsules.interceptors(interceptors);
  }

  private static Path subject(Path dir) throws Exception {
    Path subject = TestCapsules.hooks(dir.resolve("subject"), "subject", SUBJECT);
    Files.createDirectories(subject.resolve("commands"));
    Files.writeString(subject.resolve("commands/hello.toml"), "prompt = \"Hello $1, you said: $ARGUMENTS\"\n");
    return subject;
  }

  /**
   * A JVM guard (built by javac here) intercepting the example: it journals each event about
   * text-diff, denies a diff of "secret" and rewrites "shout" to "SHOUT"; its tool reads the journal.
   */
  private static final String JVM_GUARD = """
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
    Path guard = dir.resolve("guard");
    // A human who trusts the guard's jars and the example's for the session.
    ServiceRegistration<Approver> human = context.registerService(Approver.class,
        (ApprovalRequest request, Duration timeout) -> Optional.of(ApprovalAnswer.SESSION), null);
    try {
      new TestJars(Files.createDirectories(dir.resolve("work")), CapsuleToolProvider.class).jvmCapsule(guard, "guard",
          Map.of("module-info.java", "module guard { requires io.astrid.capsule.api;"
              + " provides io.astrid.capsule.api.jvm.CapsuleHookProvider with guard.Guard;"
              + " provides io.astrid.capsule.api.jvm.CapsuleToolProvider with guard.Guard; }",
              "guard/Guard.java", JVM_GUARD),
          "intercept = [\"text-diff\"]\n" + TestCapsules.interceptors("CapsuleLoaded:loaded",
              "CapsuleUnloaded:unloaded", "BeforeToolCall:check", "ToolError:error", "AfterToolCall:after"));
      installReady(guard, "guard", TIMEOUT);
      installReady(EXAMPLES.resolve("text-diff"), "text-diff", TIMEOUT);
      awaitJvmJournal("CapsuleLoaded:loaded");

      assertEquals(ToolResult.error("tool [capsule:text-diff:diff_text] denied: guard: no secrets in diffs"),
          registry.call("capsule:text-diff:diff_text", Map.of("before", "secret", "after", "x")));
      assertEquals("the tool got the rewritten arguments: no difference", ToolResult.text(""),
          registry.call("capsule:text-diff:diff_text", Map.of("before", "shout", "after", "SHOUT")));
      assertTrue(registry.call("capsule:text-diff:diff_files", Map.of("before", "absent.txt", "after", "absent.txt"))
          .isError());
      assertTrue(registry.uninstall("text-diff"));
      awaitJvmJournal("CapsuleLoaded:loaded BeforeToolCall:check BeforeToolCall:check AfterToolCall:after"
          + " BeforeToolCall:check ToolError:error AfterToolCall:after CapsuleUnloaded:unloaded");
    } finally {
      human.unregister();
    }
  }

  /** Waits until the JVM guard's journal reads {@code expected}. */
  private void awaitJvmJournal(String expected) throws InterruptedException {
    Await.until(() -> jvmJournal().equals(expected), TIMEOUT,
        () -> "the guard's journal to read [" + expected + "]; it reads [" + jvmJournal() + "]");
  }

  /** The events the JVM guard's HookHandler journaled about text-diff, read through its tool. */
  private String jvmJournal() {
    return registry.call("capsule:guard:journal", Map.of()).text();
  }

  /** The guard's journal: each await takes the entries expected next, in order, and nothing else. */
  private static final class Journal {
    private final CapsuleRegistry registry;
    private int seen;

    Journal(CapsuleRegistry registry) {
      this.registry = registry;
    }

    void await(String next) throws InterruptedException {
      Await.until(() -> read().length() >= seen + next.length(), TIMEOUT,
          () -> "the journal after [" + read().substring(seen) + "] was to grow by [" + next + "]");
      assertEquals(next, read().substring(seen));
      seen += next.length();
    }

    private String read() {
      return new String(registry.invoke("guard", "journal", new byte[0]), StandardCharsets.UTF_8);
    }
  }
}
