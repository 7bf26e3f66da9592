package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 18 through real WebAssembly capsules in the runtime, with the bus's limits set for {@code
 * io.astrid.capsule.ipc}: what a capsule publishes lands below its own name, so {@code evil} cannot fake
 * {@code graph}'s topics or the runtime's cron jobs, and each limit fails the guest's call naming the capsule, the
 * topic and the limit. The limits are set and the capsules docked once for the class, as in a runtime that runs on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue18IpcNamespaceIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static boolean docked;

  @Inject
  private CapsuleRegistry registry;

  @Before
  public void limitTheBusAndDockTheCapsulesOnce() throws Exception {
    if (docked) {
      return;
    }
    configure(MessageBus.PID, MessageBus.class, Map.of(MessageBus.PAYLOAD_MAX_BYTES, "64",
        MessageBus.PUBLISH_PER_SECOND, "2", MessageBus.SUBSCRIPTIONS_MAX, "2"));
    // The bus takes its limits by a new activation; the wasm engine, bound to the old bus, comes back with the new.
    Settings.await(context, EngineFactory.class, Map.of(EngineFactory.KIND_PROPERTY, EngineFactory.WASM));
    Path root = Files.createTempDirectory(stateDirectory(), "capsules");
    for (String id : List.of("graph", "evil", "mimic", "listener", "greedy", "chatty")) {
      installReady(TestCapsules.hostFunctions(root.resolve(id), id, ""), id, TIMEOUT);
    }
    docked = true;
  }

  private String invoke(String capsule, String export, String input) {
    return new String(registry.invoke(capsule, export, input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private String failure(String capsule, String export, String input) {
    return assertThrows(CapsuleException.class, () -> invoke(capsule, export, input)).getMessage();
  }

  private JsonNode poll(String capsule, String subscription) throws IOException {
    return JSON.readTree(invoke(capsule, "ipc_poll", subscription));
  }

  @Test
  public void aCapsuleCannotFakeAnotherCapsulesTopicOrTheRuntimesCronJob() throws Exception {
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

    assertEquals("two are open", "export [ipc_subscribe] of capsule [listener] failed: astrid_ipc_subscribe: ipc"
        + " subscribe [more] by capsule [listener] refused: ipc.subscriptions.max [2] subscriptions are open already",
        failure("listener", "ipc_subscribe", "more"));
    invoke("listener", "ipc_unsubscribe", cron);
    invoke("listener", "ipc_unsubscribe", graphs);
  }

  @Test
  public void theForgedTopicsLandInTheForgersNamespace() throws Exception {
    String own = invoke("greedy", "ipc_subscribe", "mimic.*");
    invoke("mimic", "ipc_publish", "graph.summarize\n{}");
    assertEquals("mimic.graph.summarize", poll("greedy", own).get("messages").get(0).get("topic").asText());
    invoke("greedy", "ipc_unsubscribe", own);
  }

  @Test
  public void aPayloadOverTheConfiguredCapAndAPublishOverTheRateAreRefused() {
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
