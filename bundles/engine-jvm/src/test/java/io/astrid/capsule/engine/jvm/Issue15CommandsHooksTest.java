package io.astrid.capsule.engine.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.tool.McpResults;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.testing.TestCapsules;
import io.astrid.capsule.testing.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a JVM capsule's {@code [[command]]}s and {@code [[interceptor]]}s from
 * {@code CapsuleCommandProvider} and {@code CapsuleHookProvider} services in its layer, on real
 * jars built by javac and jar and a manifest read by the real reader. The hook provider here offers
 * a {@code ToolCallInterceptor}, the SPI before issue 18, which the engine's one {@link CapsuleHook}
 * serves in the payloads a wasm guest gets ({@link Issue18JvmHooksTest} has the handler of every event).
 */
class Issue15CommandsHooksTest {
  private static final String PROVIDERS = """
      package hooks;
      import io.astrid.capsule.api.engine.CommandRunner;
      import io.astrid.capsule.api.jvm.*;
      import io.astrid.capsule.api.tool.*;
      import java.nio.file.*;
      import java.util.*;
      public class Providers {
        static void closed(CapsuleHost host, String what) throws Exception {
          Files.writeString(Path.of(host.config("CLOSE_LOG").orElseThrow()), what + "\\n",
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        public static class Commands implements CapsuleCommandProvider {
          CapsuleHost host;
          public Map<String, CommandRunner> commands(CapsuleHost host) {
            this.host = host;
            return Map.of("shout", a -> a.toUpperCase() + " from "
                + Thread.currentThread().getContextClassLoader().getName());
          }
          public void close() throws Exception { closed(host, "commands"); }
        }
        public static class Hooks implements CapsuleHookProvider {
          CapsuleHost host;
          public ToolCallInterceptor interceptor(CapsuleHost host) {
            this.host = host;
            return new ToolCallInterceptor() {
              public InterceptorDecision beforeToolCall(ToolCall call) {
                if (call.arguments().containsKey("secret")) {
                  return InterceptorDecision.deny("no secrets to " + call.toolName());
                }
                Map<String, Object> rewritten = new HashMap<>(call.arguments());
                rewritten.put("seen", true);
                return InterceptorDecision.proceed(rewritten);
              }
              public ToolResult afterToolCall(ToolCall call, ToolResult result) {
                return ToolResult.text("after " + call.toolName());
              }
            };
          }
          public void close() throws Exception { closed(host, "hooks"); }
        }
      }
      """;

  @TempDir
  Path temp;

  private TestJars jars;
  private final RecordingHooks recording = new RecordingHooks();
  private final List<String> registered = recording.registered;
  private final List<CapsuleHook> hooks = recording.hooks;

  @BeforeEach
  void setUp() throws Exception {
    jars = new TestJars(Files.createDirectories(temp.resolve("work")), CapsuleToolProvider.class);
  }

  /** A capsule whose named module provides a command provider and a hook provider, with this manifest tail. */
  private Path capsule(String name, String manifestTail) throws Exception {
    return jars.jvmCapsule(temp.resolve(name), name, Map.of(
        "module-info.java", "module hooks { requires io.astrid.capsule.api;"
            + " provides io.astrid.capsule.api.jvm.CapsuleCommandProvider with hooks.Providers.Commands;"
            + " provides io.astrid.capsule.api.jvm.CapsuleHookProvider with hooks.Providers.Hooks; }",
        "hooks/Providers.java", PROVIDERS), manifestTail);
  }

  /** The message of the failure that loading a capsule {@code name} with this manifest tail ends in. */
  private String loadFailure(String name, String manifestTail) {
    return assertThrows(CapsuleException.class, () -> load(name, capsule(name, manifestTail))).getMessage();
  }

  private JvmCapsuleEngine load(String name, Path dir) throws Exception {
    return recording.load(temp, name, dir, Map.of("CLOSE_LOG", temp.resolve("closed.log").toString()));
  }

  /** The command the providers offer, declared without a description. */
  private static final String SHOUT = """

      [[command]]
      name = "shout"
      """;

  /** The command with a description, and the two events a ToolCallInterceptor sees. */
  private static final String BOTH = SHOUT + "description = \"Says it louder\"\n"
      + TestCapsules.interceptors("BeforeToolCall", "AfterToolCall");

  @Test
  void commandsRunInTheLayerAndHooksAreTheCapsulesInterceptorUntilUnload() throws Exception {
    JvmCapsuleEngine engine = load("loud", capsule("loud", BOTH));
    LoadedCommand command = engine.contributions().commands().getFirst();
    assertEquals("shout", command.name());
    assertEquals("HELLO from " + engine.layer().orElseThrow().findLoader("hooks").getName(),
        command.runner().orElseThrow().run("hello"));

    assertEquals(List.of("loud"), registered);
    CapsuleHook hook = hooks.getFirst();
    Interceptor before = hook.interceptors().get(0);
    Interceptor after = hook.interceptors().get(1);
    assertEquals(Map.of("deny", "no secrets to fetch"), hook.trigger(before, HookEvents.of(before,
        "capsule", "other", "tool", "capsule:other:fetch", "arguments", Map.of("secret", "x"))));
    assertEquals(Map.of("arguments", Map.of("q", "a", "seen", true)), hook.trigger(before, HookEvents.of(before,
        "capsule", "other", "tool", "capsule:other:fetch", "arguments", Map.of("q", "a"))));
    assertEquals(Map.of("result", McpResults.toJson(ToolResult.text("after fetch"))), hook.trigger(after,
        HookEvents.of(after, "capsule", "other", "tool", "capsule:other:fetch", "arguments", Map.of(),
            "result", McpResults.toJson(ToolResult.text("original")))));

    engine.unload();
    assertEquals(List.of("loud", "unregistered loud"), registered);
    // Closed in reverse order of start, after the hook left the pipeline.
    assertEquals("hooks\ncommands\n", Files.readString(temp.resolve("closed.log")));
    assertTrue(engine.contributions().commands().isEmpty());
  }

  @Test
  void theHookServesOnlyTheDeclaredEventsAndTheInterceptorOncePerEvent() throws Exception {
    JvmCapsuleEngine engine = load("after-only", capsule("after-only",
        SHOUT + TestCapsules.interceptors("AfterToolCall:first", "AfterToolCall:second")));
    CapsuleHook hook = hooks.getFirst();
    assertEquals(List.of("AfterToolCall", "AfterToolCall"),
        hook.interceptors().stream().map(i -> i.event().name()).toList(), "the runtime raises only these");
    Map<String, Object> original = McpResults.toJson(ToolResult.text("original"));
    Interceptor first = hook.interceptors().get(0);
    assertEquals(Map.of("result", McpResults.toJson(ToolResult.text("after fetch"))), hook.trigger(first,
        HookEvents.of(first, "capsule", "other", "tool", "capsule:other:fetch", "arguments", Map.of(),
            "result", original)));
    Interceptor second = hook.interceptors().get(1);
    assertEquals(Map.of(), hook.trigger(second, HookEvents.of(second, "capsule", "other", "tool",
        "capsule:other:fetch", "arguments", Map.of(), "result", original)), "one interceptor runs once per call");
    engine.unload();
  }

  @Test
  void aToolCallInterceptorOfferedForAnotherEventFailsTheLoad() throws Exception {
    String failure = loadFailure("lifecycle", SHOUT + TestCapsules.interceptors("BeforeToolCall", "CapsuleLoaded"));
    assertEquals("[[interceptor]] CapsuleLoaded of JVM capsule [lifecycle]: its CapsuleHookProvider offers a"
        + " ToolCallInterceptor, which sees BeforeToolCall and AfterToolCall only; offer a HookHandler",
        failure);
    assertEquals(List.of(), registered);
  }

  @Test
  void aDeclaredCommandNoProviderOffersFailsTheLoad() throws Exception {
    String failure = loadFailure("quiet", BOTH + """

        [[command]]
        name = "whisper"
        """);
    assertEquals("command [whisper] of JVM capsule [quiet]: no CapsuleCommandProvider offers it", failure);
    // The failed load's unload closed the provider started before the failure; the hooks never started.
    assertEquals("commands\n", Files.readString(temp.resolve("closed.log")));
    assertEquals(List.of(), registered);
  }

  @Test
  void anOfferedCommandTheManifestLacksFailsTheLoad() throws Exception {
    String failure = loadFailure("terse", TestCapsules.interceptors("BeforeToolCall"));
    assertEquals("command [shout] of JVM capsule [terse] is not a [[command]] without file in its manifest", failure);
  }

  @Test
  void aHookProviderWithoutADeclaredInterceptorFailsTheLoad() throws Exception {
    String failure = loadFailure("undeclared", SHOUT);
    assertEquals("hook provider of JVM capsule [undeclared]: the manifest declares no [[interceptor]]", failure);
    assertEquals(List.of(), registered);
  }
}
