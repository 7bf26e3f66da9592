package io.astrid.capsule.engine.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.CapsuleException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a JVM capsule's {@code HookHandler} gets every interceptor event, in the payload a wasm
 * guest's {@code astrid_hook_trigger} gets, through the one {@link CapsuleHook} the engine registers
 * for the capsule — on the caller's thread with the layer's loader as the context loader — and its
 * answers go back unchanged for the runtime to decide; unload removes the hook before the provider
 * is closed. Real jars built by javac and jar, the manifest read by the real reader.
 */
class Issue18JvmHooksTest {
  private static final String GUARD = """
      package guard;
      import io.astrid.capsule.api.jvm.*;
      import java.io.IOException;
      import java.nio.file.*;
      import java.util.*;
      public class Guard implements CapsuleHookProvider {
        CapsuleHost host;
        void journal(String line) throws IOException {
          Files.writeString(Path.of(host.config("JOURNAL").orElseThrow()), line + "\\n",
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        public Optional<HookHandler> handler(CapsuleHost host) {
          this.host = host;
          return Optional.of((interceptor, event) -> {
            journal(interceptor.action().orElseThrow() + " " + event + " in "
                + Thread.currentThread().getContextClassLoader().getName());
            switch ((String) event.get("event")) {
              case "BeforeCommand":
                return "deploy".equals(event.get("command")) ? Map.of("deny", "no deploys on Friday") : Map.of();
              case "BeforeToolCall":
                Map<String, Object> arguments = new TreeMap<>((Map<String, Object>) event.get("arguments"));
                arguments.put("checked", true);
                return Map.of("arguments", arguments);
              case "AfterCommand":
                throw new IOException("the journal is full");
              default:
                return Map.of();
            }
          });
        }
        public void close() throws Exception { journal("closed"); }
      }
      """;

  @TempDir
  Path temp;

  private final RecordingHooks recording = new RecordingHooks();
  private final List<String> registered = recording.registered;
  private final List<CapsuleHook> hooks = recording.hooks;

  private JvmCapsuleEngine load() throws Exception {
    TestJars jars = new TestJars(Files.createDirectories(temp.resolve("work")), CapsuleToolProvider.class);
    Path dir = jars.jvmCapsule(temp.resolve("guard"), "guard", Map.of(
        "module-info.java", "module guard { requires io.astrid.capsule.api;"
            + " provides io.astrid.capsule.api.jvm.CapsuleHookProvider with guard.Guard; }",
        "guard/Guard.java", GUARD),
        "intercept = [\"subject\"]\n" + TestCapsules.interceptors("CapsuleLoaded:loaded", "BeforeCommand:gate",
            "BeforeToolCall:rewrite", "ToolError:error", "AfterCommand:after"));
    return recording.load(temp, "guard", dir, Map.of("JOURNAL", temp.resolve("journal.log").toString()));
  }

  @Test
  void everyEventReachesTheHandlerInTheLayerItsAnswersGoBackAndUnloadRemovesIt() throws Exception {
    JvmCapsuleEngine engine = load();
    String loader = engine.layer().orElseThrow().findLoader("guard").getName();
    assertEquals(List.of("guard"), registered, "one hook, registered with the capsule's id");
    CapsuleHook hook = hooks.getFirst();
    assertEquals(List.of("CapsuleLoaded", "BeforeCommand", "BeforeToolCall", "ToolError", "AfterCommand"),
        hook.interceptors().stream().map(i -> i.event().name()).toList(), "every declared event, in manifest order");
    Interceptor loaded = hook.interceptors().get(0);
    Interceptor gate = hook.interceptors().get(1);
    Interceptor rewrite = hook.interceptors().get(2);
    Interceptor error = hook.interceptors().get(3);
    Interceptor after = hook.interceptors().get(4);

    assertEquals(Map.of(), hook.trigger(loaded, HookEvents.of(loaded, "capsule", "subject", "state", "READY")));
    assertEquals(Map.of("deny", "no deploys on Friday"), hook.trigger(gate, HookEvents.of(gate,
        "capsule", "subject", "command", "deploy", "arguments", "--prod")));
    assertEquals(Map.of(), hook.trigger(gate, HookEvents.of(gate,
        "capsule", "subject", "command", "status", "arguments", "")));
    assertEquals(Map.of("arguments", Map.of("checked", true, "q", "otters")), hook.trigger(rewrite,
        HookEvents.of(rewrite, "capsule", "subject", "tool", "capsule:subject:search", "arguments",
            Map.of("q", "otters"))));
    Map<String, Object> failed = McpResults.toJson(ToolResult.error("no such otter"));
    assertEquals(Map.of(), hook.trigger(error, HookEvents.of(error, "capsule", "subject", "tool",
        "capsule:subject:search", "arguments", Map.of("q", "otters"), "result", failed)));
    CapsuleException thrown = assertThrows(CapsuleException.class, () -> hook.trigger(after, HookEvents.of(after,
        "capsule", "subject", "command", "status", "arguments", "", "output", "all well")));
    assertEquals("the journal is full", thrown.getMessage(), "a checked failure keeps its message");

    engine.unload();
    assertEquals(List.of("guard", "unregistered guard"), registered);
    assertEquals(String.join("\n",
        "loaded {event=CapsuleLoaded, action=loaded, capsule=subject, state=READY} in " + loader,
        "gate {event=BeforeCommand, action=gate, capsule=subject, command=deploy, arguments=--prod} in " + loader,
        "gate {event=BeforeCommand, action=gate, capsule=subject, command=status, arguments=} in " + loader,
        "rewrite {event=BeforeToolCall, action=rewrite, capsule=subject, tool=capsule:subject:search,"
            + " arguments={q=otters}} in " + loader,
        "error {event=ToolError, action=error, capsule=subject, tool=capsule:subject:search, arguments={q=otters},"
            + " result=" + failed + "} in " + loader,
        "after {event=AfterCommand, action=after, capsule=subject, command=status, arguments=, output=all well} in "
            + loader,
        "closed", ""), Files.readString(temp.resolve("journal.log")));
  }
}
