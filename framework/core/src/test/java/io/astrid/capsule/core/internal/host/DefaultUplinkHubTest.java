package io.astrid.capsule.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.host.UplinkListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultUplinkHubTest {
  private final DefaultUplinkHub hub = new DefaultUplinkHub(new InMemoryMessageBus());

  @Test
  void messagesReachEveryListenerAndAFailingOneDoesNotCount() {
    List<String> received = new ArrayList<>();
    hub.addListener((uplink, user, content) -> received.add(uplink.platform() + " " + user + ": " + content));
    hub.addListener((uplink, user, content) -> {
      throw new IllegalStateException("listener down");
    });
    UplinkHub.Registration uplink = hub.register("chat", "main", "telegram", "{\"bot\":\"@astrid\"}");
    assertEquals("chat/main#1", uplink.id());
    assertEquals(1, hub.send("chat", uplink.id(), "u42", "hello"));
    assertEquals(List.of("telegram u42: hello"), received);
  }

  @Test
  void aCapsuleCannotSendThroughAnotherCapsulesUplink() {
    UplinkHub.Registration uplink = hub.register("chat", "main", "telegram", "");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> hub.send("intruder", uplink.id(), "u", "x"));
    assertEquals("no uplink [chat/main#1] is registered by capsule [intruder]", e.getMessage());
  }

  @Test
  void aReplacedRegistrationCanNeitherSendNorRemoveItsSuccessor() {
    UplinkListener ignore = (uplink, user, content) -> { };
    hub.addListener(ignore);
    UplinkHub.Registration old = hub.register("a", "one", "p", "");
    UplinkHub.Registration current = hub.register("a", "one", "p", "");
    assertThrows(IllegalArgumentException.class, () -> hub.send("a", old.id(), "u", "x"));
    hub.unregister(old);
    assertEquals(1, hub.send("a", current.id(), "u", "x"));
    hub.unregister(current);
    assertThrows(IllegalArgumentException.class, () -> hub.send("a", current.id(), "u", "x"));
  }
}
