package io.astrid.capsule.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.IpcException;
import io.astrid.capsule.api.host.MessageBus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 18: capsules' topics are namespaced, the runtime's cannot be forged, and each limit is a clear error. */
class Issue18MessageBusTest {
  private final AtomicLong now = new AtomicLong();
  private final InMemoryMessageBus bus = new InMemoryMessageBus(16, 3, 2, now::get);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aCapsulesTopicIsPrefixedWithItsNameUnlessItAlreadyIs() {
    assertEquals("graph.summarize", MessageBus.namespaced("graph", "summarize"));
    assertEquals("graph.summarize", MessageBus.namespaced("graph", "graph.summarize"));
    assertEquals("evil.graph.summarize", MessageBus.namespaced("evil", "graph.summarize"));
    assertEquals("graph.graphs", MessageBus.namespaced("graph", "graphs"));
  }

  @Test
  void aCapsuleCannotPublishOnAnotherCapsulesOrTheRuntimesTopics() {
    MessageBus.Subscription jobs = bus.subscribe("listener", "astrid.cron.graph.*");
    MessageBus.Subscription graph = bus.subscribe("listener", "graph.summarize");
    assertEquals(0, bus.publish("evil", "graph.summarize", bytes("{}")));
    assertEquals(0, bus.publish("evil", "astrid.cron.graph.summarize", bytes("{}")));
    assertEquals(Optional.empty(), jobs.poll());
    assertEquals(Optional.empty(), graph.poll());

    assertEquals(1, bus.publishSystem("cron.graph.summarize", bytes("{}")));
    MessageBus.Message job = jobs.poll().orElseThrow();
    assertEquals("astrid.cron.graph.summarize", job.topic());
    assertEquals("astrid", job.sender());
    assertEquals(1, bus.publish("graph", "summarize", bytes("{}")));
    assertEquals("graph", graph.poll().orElseThrow().sender());
  }

  @Test
  void aCapsuleNamedLikeTheRuntimeCannotPublish() {
    IpcException e = assertThrows(IpcException.class, () -> bus.publish("astrid", "cron.graph.summarize", bytes("{}")));
    assertEquals("ipc publish [astrid.cron.graph.summarize] by capsule [astrid] refused: the namespace [astrid] is"
        + " the runtime's", e.getMessage());
  }

  @Test
  void aSubscriptionMayNameAnyCapsulesTopicsOrItsOwnRelatively() {
    MessageBus.Subscription other = bus.subscribe("watcher", "tracker.issues.*");
    MessageBus.Subscription own = bus.subscribe("tracker", "issues.*");
    assertEquals(2, bus.publish("tracker", "issues.created", bytes("1")));
    assertEquals("tracker.issues.created", other.poll().orElseThrow().topic());
    assertEquals("tracker.issues.created", own.poll().orElseThrow().topic());
    assertEquals(1, bus.publish("watcher", "tracker.issues.closed", bytes("2")), "only the watcher's own hears it");
    assertEquals("watcher.tracker.issues.closed", other.poll().orElseThrow().topic());
    assertEquals(Optional.empty(), own.poll());
  }

  @Test
  void aPayloadOverTheCapIsRefused() {
    IpcException e = assertThrows(IpcException.class, () -> bus.publish("notes", "big", new byte[17]));
    assertEquals("ipc publish [notes.big] by capsule [notes] refused: the payload has 17 bytes, more than"
        + " ipc.payload.max.bytes [16]", e.getMessage());
    assertEquals(0, bus.publish("notes", "fits", new byte[16]));
  }

  @Test
  void aCapsulePublishingFasterThanItsRateIsRefusedUntilTheSecondIsOver() {
    for (int i = 0; i < 3; i++) {
      bus.publish("chatty", "t", bytes("x"));
    }
    IpcException e = assertThrows(IpcException.class, () -> bus.publish("chatty", "t", bytes("x")));
    assertEquals("ipc publish [chatty.t] by capsule [chatty] refused: more than ipc.publish.per.second [3] messages"
        + " in one second", e.getMessage());
    assertEquals(0, bus.publish("quiet", "t", bytes("x")), "other capsules are counted apart");
    now.addAndGet(999_999_999L);
    assertThrows(IpcException.class, () -> bus.publish("chatty", "t", bytes("x")));
    now.addAndGet(1);
    assertEquals(0, bus.publish("chatty", "t", bytes("x")), "a new second");
  }

  @Test
  void aCapsuleHoldsAtMostItsSubscriptions() {
    MessageBus.Subscription first = bus.subscribe("greedy", "a");
    bus.subscribe("greedy", "b");
    IpcException e = assertThrows(IpcException.class, () -> bus.subscribe("greedy", "c"));
    assertEquals("ipc subscribe [c] by capsule [greedy] refused: ipc.subscriptions.max [2] subscriptions are open"
        + " already", e.getMessage());
    bus.subscribe("modest", "c");
    first.close();
    assertTrue(bus.subscribe("greedy", "c").id().startsWith("sub-"), "a closed one frees its place");
  }

  @Test
  void eachLimitIsAtLeastOne() {
    assertEquals("ipc.payload.max.bytes < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new InMemoryMessageBus(0, 1, 1, now::get)).getMessage());
    assertEquals("ipc.publish.per.second < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new InMemoryMessageBus(1, 0, 1, now::get)).getMessage());
    assertEquals("ipc.subscriptions.max < 1: -1", assertThrows(IllegalArgumentException.class,
        () -> new InMemoryMessageBus(1, 1, -1, now::get)).getMessage());
  }
}
