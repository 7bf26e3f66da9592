package io.astrid.capsule.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.MessageBus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryMessageBusTest {
  private final InMemoryMessageBus bus = new InMemoryMessageBus();

  private static String text(Optional<MessageBus.Message> message) {
    return new String(message.orElseThrow().payload(), StandardCharsets.UTF_8);
  }

  @Test
  void patternsMatchTopicsExactlyByPrefixOrAll() {
    assertTrue(InMemoryMessageBus.matches("issues.created", "issues.created"));
    assertFalse(InMemoryMessageBus.matches("issues.created", "issues.created.late"));
    assertTrue(InMemoryMessageBus.matches("issues.*", "issues.created"));
    assertTrue(InMemoryMessageBus.matches("issues.*", "issues.a.b"));
    assertFalse(InMemoryMessageBus.matches("issues.*", "issuesx.a"));
    assertFalse(InMemoryMessageBus.matches("issues.*", "issues"));
    assertTrue(InMemoryMessageBus.matches("*", "anything"));
  }

  @Test
  void messagesArriveInOrderAtEveryMatchingSubscription() {
    MessageBus.Subscription all = bus.subscribe("a", "*");
    MessageBus.Subscription issues = bus.subscribe("b", "c.issues.*");
    assertEquals(2, bus.publish("c", "issues.created", "1".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, bus.publish("c", "mail.in", "2".getBytes(StandardCharsets.UTF_8)));
    assertEquals("1", text(all.poll()));
    assertEquals("2", text(all.poll()));
    assertEquals(Optional.empty(), all.poll());
    MessageBus.Message message = issues.poll().orElseThrow();
    assertEquals("c.issues.created", message.topic());
    assertEquals("c", message.sender());
    assertEquals(Optional.empty(), issues.poll());
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsIt() {
    InMemoryMessageBus fast = new InMemoryMessageBus(MessageBus.DEFAULT_PAYLOAD_MAX_BYTES, 10_000,
        MessageBus.DEFAULT_SUBSCRIPTIONS_MAX, System::nanoTime);
    MessageBus.Subscription slow = fast.subscribe("a", "c.t");
    for (int i = 0; i < InMemoryMessageBus.QUEUE_BOUND + 3; i++) {
      fast.publish("c", "t", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(3, slow.takeDropped());
    assertEquals(0, slow.takeDropped());
    assertEquals("3", text(slow.poll()));
  }

  @Test
  void aClosedSubscriptionGetsNothing() {
    MessageBus.Subscription gone = bus.subscribe("a", "c.t");
    gone.close();
    assertEquals(0, bus.publish("c", "t", new byte[] {1}));
    assertEquals(Optional.empty(), gone.poll());
  }
}
