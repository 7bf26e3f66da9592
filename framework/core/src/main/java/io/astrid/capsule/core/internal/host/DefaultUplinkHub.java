package io.astrid.capsule.core.internal.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.host.UplinkListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registered uplinks and hands each message to every {@link UplinkListener} service.
 * A listener that throws is logged and does not count; the others still get the message. Messages
 * to a capsule's uplink go out on the {@link MessageBus}.
 */
@Component(service = UplinkHub.class)
public final class DefaultUplinkHub implements UplinkHub {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultUplinkHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The current registration of each capsule's uplink name, by capsule and name. */
  private final Map<String, Registration> uplinks = new ConcurrentHashMap<>();
  private final AtomicLong registrations = new AtomicLong();
  private final List<UplinkListener> listeners = new CopyOnWriteArrayList<>();
  private final MessageBus bus;

  @Activate
  public DefaultUplinkHub(@Reference MessageBus bus) {
    this.bus = bus;
  }

  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  public void addListener(UplinkListener listener) {
    listeners.add(listener);
  }

  public void removeListener(UplinkListener listener) {
    listeners.remove(listener);
  }

  @Override
  public Registration register(String capsuleId, String name, String platform, String profile) {
    Registration registration = new Registration(capsuleId + "/" + name + "#" + registrations.incrementAndGet(),
        capsuleId, name, platform, profile);
    uplinks.put(key(capsuleId, name), registration);
    return registration;
  }

  @Override
  public int send(String capsuleId, String uplinkId, String platformUser, String content) {
    Registration uplink = uplinks.values().stream().filter(r -> r.id().equals(uplinkId)).findFirst().orElse(null);
    if (uplink == null || !uplink.capsuleId().equals(capsuleId)) {
      throw new IllegalArgumentException("no uplink [" + uplinkId + "] is registered by capsule [" + capsuleId + "]");
    }
    int delivered = 0;
    for (UplinkListener listener : listeners) {
      try {
        listener.received(uplink, platformUser, content);
        delivered++;
      } catch (RuntimeException e) {
        LOG.warn("uplink listener {} failed on a message of [{}]: {}", listener, uplinkId, e.getMessage(), e);
      }
    }
    return delivered;
  }

  @Override
  public int deliver(String capsuleId, String name, String platformUser, String content) {
    Registration uplink = uplinks.get(key(capsuleId, name));
    if (uplink == null) {
      throw new IllegalArgumentException("uplink [" + name + "] of capsule [" + capsuleId + "] is not registered:"
          + " the capsule registers it with astrid_uplink_register while it runs");
    }
    ObjectNode message = JSON.createObjectNode().put("type", "user_input").put("text", content);
    message.putObject("context").put("uplink", uplink.id()).put("name", name).put("platform", uplink.platform())
        .put("platform_user", platformUser);
    String topic = UplinkHub.inboundTopic(capsuleId, name);
    return bus.publishSystem(topic.substring(MessageBus.SYSTEM_NAMESPACE.length() + 1),
        message.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void unregister(Registration registration) {
    uplinks.remove(key(registration.capsuleId(), registration.name()), registration);
  }

  private static String key(String capsuleId, String name) {
    return capsuleId + '\u0000' + name;
  }
}
