package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 through real WebAssembly capsules in the distribution, with the bus's limits set in
 * {@code conf/io.astrid.capsule.ipc.cfg}: what a capsule publishes lands below its own name, so
 * {@code evil} cannot fake {@code graph}'s topics or the runtime's cron jobs, and each limit fails
 * the guest's call naming the capsule, the topic and the limit.
 */
class Issue18IpcNamespaceIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path root;

  private static EmbeddedFramework framework;
  private static CapsuleRegistry registry;
  private static List<TemporaryProperty> properties;

  @BeforeAll
  static void start() throws Exception {
    Path conf = Files.createDirectories(root.resolve("conf"));
    Files.writeString(conf.resolve("io.astrid.capsule.ipc.cfg"),
        "ipc.payload.max.bytes = 64\nipc.publish.per.second = 2\nipc.subscriptions.max = 2\n");
    Path workspace = Files.createDirectories(root.resolve("workspace"));
    properties = List.of(TemporaryProperty.set("astrid.workspace", workspace.toString()),
        TemporaryProperty.set("astrid.state.dir", root.resolve("state").toString()));
    framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf));
    registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    for (String id : List.of("graph", "evil", "mimic", "listener", "greedy", "chatty")) {
      TestCapsules.installReady(framework, TestCapsules.hostFunctions(root.resolve(id), id, ""), id, TIMEOUT);
    }
  }

  @AfterAll
  static void stop() {
    framework.close();
    properties.forEach(TemporaryProperty::close);
  }

  private static String invoke(String capsule, String export, String input) {
    return new String(registry.invoke(capsule, export, input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private static String failure(String capsule, String export, String input) {
    return assertThrows(CapsuleException.class, () -> invoke(capsule, export, input)).getMessage();
  }

  private static JsonNode poll(String capsule, String subscription) throws IOException {
    return JSON.readTree(invoke(capsule, "ipc_poll", subscription));
  }

  @Test
  void aCapsuleCannotFakeAnotherCapsulesTopicOrTheRuntimesCronJob() throws Exception {
    String graphs = invoke("listener", "ipc_subscribe", "graph.*");
    String cron = invoke("listener", "ipc_subscribe", "astrid.cron.*");
    invoke("evil", "ipc_publish", "graph.summarize\n{\"forged\":true}");
    invoke("evil", "ipc_publish", "astrid.cron.graph.summarize\n{\"forged\":true}");
    assertEquals("{\"messages\":[],\"dropped\":0}", poll("listener", graphs).toString());
    assertEquals("{\"messages\":[],\"dropped\":0}", poll("listener", cron).toString());

    invoke("graph", "ipc_publish", "summarize\n{\"real\":true}");
    JsonNode message = poll("listener", graphs).get("messages").get(0);
    assertEquals("graph.summarize", message.get("topic").asText());
    assertEquals("graph", message.get("sender").asText());
    assertEquals("{\"type\":\"custom\",\"data\":{\"real\":true}}", message.get("payload").toString());

    assertEquals("export [ipc_subscribe] of capsule [listener] failed: astrid_ipc_subscribe: ipc subscribe [more] by"
        + " capsule [listener] refused: ipc.subscriptions.max [2] subscriptions are open already",
        failure("listener", "ipc_subscribe", "more"), "two are open");
    invoke("listener", "ipc_unsubscribe", cron);
    invoke("listener", "ipc_unsubscribe", graphs);
  }

  @Test
  void theForgedTopicsLandInTheForgersNamespace() throws Exception {
    String own = invoke("greedy", "ipc_subscribe", "mimic.*");
    invoke("mimic", "ipc_publish", "graph.summarize\n{}");
    assertEquals("mimic.graph.summarize", poll("greedy", own).get("messages").get(0).get("topic").asText());
    invoke("greedy", "ipc_unsubscribe", own);
  }

  @Test
  void aPayloadOverTheConfiguredCapAndAPublishOverTheRateAreRefused() {
    // evil publishes twice in the first test: these two are refused before the rate counts them.
    String big = "{\"text\":\"" + "x".repeat(60) + "\"}";
    assertEquals("export [ipc_publish] of capsule [evil] failed: astrid_ipc_publish: ipc publish [evil.big] by"
        + " capsule [evil] refused: the payload has 71 bytes, more than ipc.payload.max.bytes [64]",
        failure("evil", "ipc_publish", "big\n" + big));
    assertEquals("export [ipc_publish] of capsule [evil] failed: astrid_ipc_publish: the payload on [evil.text] is"
        + " not valid JSON", failure("evil", "ipc_publish", "text\nplain words"));
    String refused = null;
    // Calls that took longer than the machine lets them would spread over seconds: publish until refused.
    for (int i = 0; i < 100 && refused == null; i++) {
      try {
        invoke("chatty", "ipc_publish", "tick\n{}");
      } catch (CapsuleException e) {
        refused = e.getMessage();
      }
    }
    assertEquals("export [ipc_publish] of capsule [chatty] failed: astrid_ipc_publish: ipc publish [chatty.tick] by"
        + " capsule [chatty] refused: more than ipc.publish.per.second [2] messages in one second", refused);
  }
}
