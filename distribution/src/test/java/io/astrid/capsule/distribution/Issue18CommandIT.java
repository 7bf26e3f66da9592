package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.testing.TestCapsules;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: {@code capsule command NAME [ARGS...]} through bin/capsule, as a user runs it: a declarative
 * command rendered, a component's command run, its interceptors deciding, and call's conventions for
 * output, exit codes, --json and "did you mean".
 */
class Issue18CommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aDeclarativeCommandOfTheExamplesPrintsItsPrompt(@TempDir Path work) throws Exception {
    Path root = work.resolve("capsules");
    CapsuleCli.copyExample("hello-static", root.resolve("hello-static"));
    CapsuleCli.Run run = CapsuleCli.capsule(work, "command", "hello", "Ada", "-r", root.toString());
    assertEquals(new CapsuleCli.Run(0, List.of("Greet the user warmly in one sentence."), List.of()), run);
  }

  @Test
  void aComponentsCommandRunsThroughItsInterceptors(@TempDir Path work) throws Exception {
    String r = guardedCapsules(work).toString();

    assertEquals(new CapsuleCli.Run(0, List.of("ran {\"command\":\"greet\",\"arguments\":\"rewritten\"}"), List.of()),
        CapsuleCli.capsule(work, "command", "greet", "rewrite-me", "please", "-r", r));
    assertEquals(new CapsuleCli.Run(0, List.of("Hello Ada, you said: Ada and Bob"), List.of()),
        CapsuleCli.capsule(work, "command", "subject:hello", "Ada", "and", "Bob", "-r", r));
    assertEquals(new CapsuleCli.Run(3, List.of(), List.of("capsule command: command [/hello] of capsule [subject]"
        + " denied: guard: forbidden words")), CapsuleCli.capsule(work, "command", "hello", "forbidden", "-r", r));
    assertEquals(new CapsuleCli.Run(1, List.of(), List.of("capsule command: unknown command [helo], did you mean"
        + " \"hello\"?")), CapsuleCli.capsule(work, "command", "helo", "-r", r));

    CapsuleCli.Run json = CapsuleCli.capsule(work, "command", "hello", "forbidden", "--json", "-r", r);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("capsule", "subject");
    expected.put("command", "hello");
    expected.put("ok", false);
    expected.put("output", null);
    expected.put("error", "command [/hello] of capsule [subject] denied: guard: forbidden words");
    CliSchemas.assertMatches("command", json, 3);
    assertEquals(expected, JSON.readValue(String.join("\n", json.out()), Map.class));
    CliSchemas.assertMatches("command", CapsuleCli.capsule(work, "command", "greet", "--json", "-r", r), 0);
    CliSchemas.assertMatches("command", CapsuleCli.capsule(work, "command", "helo", "--json", "-r", r), 1);
  }

  @Test
  void theGatewaysPromptsRunTheSameWay(@TempDir Path work) throws Exception {
    try (GatewayRuntime runtime = GatewayRuntime.start(work, guardedCapsules(work))) {
      URI url = runtime.url();
      String id = "Mcp-Session-Id: " + RawHttp.post(url, RawHttp.INITIALIZE).headers().get("mcp-session-id");
      assertTrue(RawHttp.post(url, prompt(2, "Ada and Bob"), id).body()
          .contains("\"text\":\"Hello Ada, you said: Ada and Bob\""));
      String denied = RawHttp.post(url, prompt(3, "forbidden"), id).body();
      assertTrue(denied.contains("\"message\":\"prompt failed [subject_hello]: command [/hello] of capsule [subject]"
          + " denied: guard: forbidden words\""), denied);
    }
  }

  private static String prompt(int id, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"prompts/get\",\"params\":{\"name\":"
        + "\"subject_hello\",\"arguments\":{\"arguments\":\"" + arguments + "\"}}}";
  }

  /**
   * A root of two capsules of the hooks test plugin: [subject] with commands greet (its component's) and
   * hello (a file, "Hello $1, you said: $ARGUMENTS"), and [guard], whose BeforeCommand hook denies arguments
   * holding "forbidden" and rewrites those holding "rewrite-me".
   */
  private static Path guardedCapsules(Path work) throws Exception {
    Path root = Files.createDirectories(work.resolve("capsules"));
    TestCapsules.hooks(root.resolve("guard"), "guard", """
        [capabilities]
        intercept = ["subject"]

        [[interceptor]]
        event = "BeforeCommand"
        """);
    Path subject = TestCapsules.hooks(root.resolve("subject"), "subject", """
        [[command]]
        name = "greet"

        [[command]]
        name = "hello"
        file = "hello.md"
        """);
    Files.writeString(subject.resolve("hello.md"), "Hello $1, you said: $ARGUMENTS");
    return root;
  }
}
