package io.astrid.capsule.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.host.UplinkHub;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 18: a message the host sends a capsule's uplink reaches the capsule's subscription on the bus. */
class Issue18UplinkInboundTest {
  private final InMemoryMessageBus bus = new InMemoryMessageBus();
  private final DefaultUplinkHub hub = new DefaultUplinkHub(bus);

  @Test
  void aDeliveredMessageArrivesOnTheUplinksRuntimeTopicAsUserInput() {
    UplinkHub.Registration chat = hub.register("echo", "chat", "cli", "human");
    try (MessageBus.Subscription subscription = bus.subscribe("echo", UplinkHub.inboundTopic("echo", "chat"))) {
      assertEquals(1, hub.deliver("echo", "chat", "ada", "hello \"there\""));
      MessageBus.Message message = subscription.poll().orElseThrow();
      assertEquals("astrid.uplink.echo.chat", message.topic());
      assertEquals(MessageBus.SYSTEM_NAMESPACE, message.sender());
      assertEquals("{\"type\":\"user_input\",\"text\":\"hello \\\"there\\\"\",\"context\":{\"uplink\":\"" + chat.id()
          + "\",\"name\":\"chat\",\"platform\":\"cli\",\"platform_user\":\"ada\"}}",
          new String(message.payload(), StandardCharsets.UTF_8));
      assertTrue(subscription.poll().isEmpty());
    }
  }

  @Test
  void noSubscriptionMeansNoneTookIt() {
    hub.register("echo", "chat", "cli", "human");
    assertEquals(0, hub.deliver("echo", "chat", "ada", "hi"));
  }

  @Test
  void anUplinkNotRegisteredOrUnregisteredIsRefusedNamingIt() {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> hub.deliver("echo", "chat", "ada", "hi"));
    assertEquals("uplink [chat] of capsule [echo] is not registered: the capsule registers it with"
        + " astrid_uplink_register while it runs", none.getMessage());
    UplinkHub.Registration chat = hub.register("echo", "chat", "cli", "human");
    hub.unregister(chat);
    assertEquals(none.getMessage(), assertThrows(IllegalArgumentException.class,
        () -> hub.deliver("echo", "chat", "ada", "hi")).getMessage());
  }

  @Test
  void anotherCapsulesUplinkOfTheSameNameIsNotItsOwn() {
    hub.register("echo", "chat", "cli", "human");
    assertEquals("uplink [chat] of capsule [other] is not registered: the capsule registers it with"
        + " astrid_uplink_register while it runs", assertThrows(IllegalArgumentException.class,
        () -> hub.deliver("other", "chat", "ada", "hi")).getMessage());
  }
}
