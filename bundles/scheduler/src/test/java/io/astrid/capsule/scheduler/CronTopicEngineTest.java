package io.astrid.capsule.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CronJob;
import io.astrid.capsule.core.internal.host.InMemoryMessageBus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cron engine on the real timer (a clock just before a minute, see CronTimerTest) and the real bus. */
class CronTopicEngineTest {
  private final Clock clock = CronTimerTest.justBeforeAMinute();
  private final CronTimer timer = new CronTimer(clock);
  private final MessageBus bus = new InMemoryMessageBus();

  @AfterEach
  void close() {
    timer.close();
  }

  private static CapsuleManifest manifest(CronJob... jobs) {
    var builder = CapsuleManifest.builder("graph", "1.0.0");
    for (CronJob job : jobs) {
      builder.withCronJob(job);
    }
    return builder.build();
  }

  private CronTopicEngine engine(CapsuleManifest manifest) {
    return new CronTopicEngine(manifest, timer, bus, clock);
  }

  private static EngineContext context(CapsuleManifest manifest) {
    return new EngineContext("graph", manifest, Path.of("."), ModuleLayer.boot(), EngineMonitor.IGNORE);
  }

  @Test
  void aDueJobPublishesItsActionFromTheRuntimeAndUnloadingCancelsIt() throws Exception {
    CapsuleManifest manifest = manifest(new CronJob("summary", "* * * * *", "graph.summarize"));
    MessageBus.Subscription subscription = bus.subscribe("listener", "astrid.cron.graph.*");
    CronTopicEngine engine = engine(manifest);
    engine.load(context(manifest));

    Optional<MessageBus.Message> message = Optional.empty();
    for (int i = 0; i < 60 && message.isEmpty(); i++) { // due within a second
      Thread.sleep(50);
      message = subscription.poll();
    }
    assertTrue(message.isPresent(), "published within 3 s");
    assertEquals("astrid.cron.graph.summarize", message.get().topic());
    assertEquals("astrid", message.get().sender());
    String payload = new String(message.get().payload(), StandardCharsets.UTF_8);
    assertTrue(payload.matches("\\{\"job\":\"summary\",\"schedule\":\"\\* \\* \\* \\* \\*\",\"capsule\":\"graph\","
        + "\"fired_at\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[.\\d]*Z\"}"), payload);

    engine.unload();
    assertFalse(timer.cancel("graph", "summary"), "the job went with the engine");
  }

  @Test
  void anActionThatCannotBeATopicFailsTheLoadAndSchedulesNothing() {
    CapsuleManifest manifest = manifest(new CronJob("fine", "@daily", "graph.fine"),
        new CronJob("wild", "@daily", "graph.*"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> engine(manifest).load(context(manifest)));
    assertEquals("[[cron]] \"wild\": action [graph.*] is not an IPC topic (no wildcard, no space): without a"
        + " [component], a cron job publishes its action on the bus", e.getMessage());
    assertFalse(timer.cancel("graph", "fine"), "nothing scheduled");
  }

  @Test
  void aNewVersionsJobsOutliveTheOldVersionsUnload() throws Exception {
    CapsuleManifest manifest = manifest(new CronJob("summary", "@daily", "graph.summarize"));
    CronTopicEngine old = engine(manifest);
    old.load(context(manifest));
    CronTopicEngine replacement = engine(manifest);
    replacement.load(context(manifest)); // a hot reload loads the new version beside the old one
    old.unload();
    assertTrue(timer.cancel("graph", "summary"), "the new version's job is still scheduled");
  }
}
