package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: every interceptor event the runtime raises reaches a real WebAssembly capsule's
 * astrid_hook_trigger at its moment, and its answers allow, deny with a reason or rewrite; a hook that
 * times out or traps is decided by interceptor.failure.
 */
class Issue18InterceptorsIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String ECHO = "capsule:subject:echo";

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
  private static final String GUARD = """
      [capabilities]
      intercept = ["subject"]

      [[interceptor]]
      event = "CapsuleLoaded"
      action = "loaded"

      [[interceptor]]
      event = "CapsuleUnloaded"
      action = "unloaded"

      [[interceptor]]
      event = "BeforeToolCall"
      action = "before"

      [[interceptor]]
      event = "AfterToolCall"
      action = "after"

      [[interceptor]]
      event = "ToolError"
      action = "error"

      [[interceptor]]
      event = "BeforeCommand"
      action = "before-command"

      [[interceptor]]
      event = "AfterCommand"
      action = "after-command"
      """;

  @Test
  void everyEventReachesTheGuardAtItsMomentAndItsAnswersDecide(@TempDir Path dir) throws Exception {
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      TestCapsules.installReady(framework, TestCapsules.hooks(dir.resolve("guard"), "guard", GUARD), "guard", TIMEOUT);
      Journal journal = new Journal(registry);
      journal.await("CapsuleLoaded:loaded(guard) ");
      TestCapsules.installReady(framework, subject(dir), "subject", TIMEOUT);
      journal.await("CapsuleLoaded:loaded(subject) ");

      assertEquals(ToolResult.text("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"),
          registry.call(ECHO, Map.of("text", "hi")), "allowed: nothing answered");
      journal.await("BeforeToolCall:before(subject) AfterToolCall:after(subject) ");

      assertEquals(ToolResult.error("tool [capsule:subject:echo] denied: guard: forbidden words"),
          registry.call(ECHO, Map.of("text", "forbidden")));
      journal.await("BeforeToolCall:before(subject) ");

      assertEquals(ToolResult.text("{\"name\":\"echo\",\"arguments\":{\"text\":\"rewritten\"}}"),
          registry.call(ECHO, Map.of("text", "rewrite-me")), "the tool got the rewritten arguments");
      journal.await("BeforeToolCall:before(subject) AfterToolCall:after(subject) ");

      assertEquals(ToolResult.text("replaced by the hook"), registry.call(ECHO, Map.of("text", "replace-me")));
      journal.await("BeforeToolCall:before(subject) AfterToolCall:after(subject) ");

      ToolResult failed = registry.call(ECHO, Map.of("text", "fail-me"));
      assertTrue(failed.isError() && failed.toString().contains("the tool failed as asked"), failed.toString());
      journal.await("BeforeToolCall:before(subject) ToolError:error(subject) AfterToolCall:after(subject) ");

      assertEquals("ran {\"command\":\"greet\",\"arguments\":\"rewritten\"}",
          registry.runCommand("subject", "greet", "rewrite-me please"), "astrid_command_run got the rewrite");
      journal.await("BeforeCommand:before-command(subject) AfterCommand:after-command(subject) ");

      assertEquals("SHOUTED", registry.runCommand("subject", "greet", "shout"), "AfterCommand replaced the output");
      journal.await("BeforeCommand:before-command(subject) AfterCommand:after-command(subject) ");

      assertEquals("Hello Ada, you said: Ada and Bob", registry.runCommand("subject", "hello", "Ada and Bob"),
          "a file-backed command rendered");
      journal.await("BeforeCommand:before-command(subject) AfterCommand:after-command(subject) ");

      CapsuleException denied = assertThrows(CapsuleException.class,
          () -> registry.runCommand("subject", "hello", "forbidden"));
      assertEquals("command [/hello] of capsule [subject] denied: guard: forbidden words", denied.getMessage());
      journal.await("BeforeCommand:before-command(subject) ");

      assertTrue(registry.uninstall("subject"));
      journal.await("CapsuleUnloaded:unloaded(subject) ");
    }
  }

  @Test
  void aHookThatTimesOutOrTrapsDeniesByDefault(@TempDir Path dir) throws Exception {
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"),
        Optional.of(conf(dir, Optional.empty())))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      installFailingGuards(framework, dir);

      ToolResult slow = registry.call(ECHO, Map.of("text", "hi"));
      assertTrue(slow.isError(), slow.toString());
      assertTrue(slow.toString().contains("tool [capsule:subject:echo] denied: interceptor [slow] of capsule [slow]"
          + " failed: export [astrid_hook_trigger] timed out after 300 ms"), slow.toString());
      CapsuleException trapped = assertThrows(CapsuleException.class,
          () -> registry.runCommand("subject", "greet", "x"));
      assertTrue(trapped.getMessage().startsWith("command [/greet] of capsule [subject] denied: interceptor [trap]"
          + " of capsule [trap] failed: "), trapped.getMessage());
    }
  }

  @Test
  void withInterceptorFailureAllowTheCallGoesOnAsIfTheHookHadAnsweredNothing(@TempDir Path dir) throws Exception {
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"),
        Optional.of(conf(dir, Optional.of("allow"))))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      installFailingGuards(framework, dir);

      assertEquals(ToolResult.text("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"),
          registry.call(ECHO, Map.of("text", "hi")));
      assertEquals("ran {\"command\":\"greet\",\"arguments\":\"x\"}", registry.runCommand("subject", "greet", "x"));
    }
  }

  /** [slow] never answers BeforeToolCall (its calls time out after 300 ms); [trap] traps on BeforeCommand. */
  private static void installFailingGuards(EmbeddedFramework framework, Path dir) throws Exception {
    TestCapsules.installReady(framework, TestCapsules.hooks(dir.resolve("slow"), "slow", """
        [capabilities]
        intercept = ["subject"]

        [[interceptor]]
        event = "BeforeToolCall"
        action = "slow"
        """), "slow", TIMEOUT);
    TestCapsules.installReady(framework, TestCapsules.hooks(dir.resolve("trap"), "trap", """
        [capabilities]
        intercept = ["subject"]

        [[interceptor]]
        event = "BeforeCommand"
        action = "trap"
        """), "trap", TIMEOUT);
    TestCapsules.installReady(framework, subject(dir), "subject", TIMEOUT);
  }

  private static Path subject(Path dir) throws Exception {
    Path subject = TestCapsules.hooks(dir.resolve("subject"), "subject", SUBJECT);
    Files.createDirectories(subject.resolve("commands"));
    Files.writeString(subject.resolve("commands/hello.toml"), "prompt = \"Hello $1, you said: $ARGUMENTS\"\n");
    return subject;
  }

  private static Path conf(Path dir, Optional<String> failure) throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(conf.resolve("io.astrid.capsule.engine.wasm.cfg"),
        "wasm.limits = slow:timeout_ms=300\n");
    if (failure.isPresent()) {
      Files.writeString(conf.resolve("io.astrid.capsule.registry.cfg"),
          "interceptor.failure = " + failure.get() + "\n");
    }
    return conf;
  }

  /** The guard's journal: each await takes the entries expected next, in order, and nothing else. */
  private static final class Journal {
    private final CapsuleRegistry registry;
    private int seen;

    Journal(CapsuleRegistry registry) {
      this.registry = registry;
    }

    void await(String next) throws InterruptedException {
      TestCapsules.awaitTrue(() -> read().length() >= seen + next.length(), TIMEOUT,
          () -> "the journal after [" + read().substring(seen) + "] was to grow by [" + next + "]");
      assertEquals(next, read().substring(seen));
      seen += next.length();
    }

    private String read() {
      return new String(registry.invoke("guard", "journal", new byte[0]), StandardCharsets.UTF_8);
    }
  }
}
