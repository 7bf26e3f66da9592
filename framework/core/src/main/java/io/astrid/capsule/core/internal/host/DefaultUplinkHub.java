package io.astrid.capsule.core.internal.host;

import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.host.UplinkListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registered uplinks and hands each message to every {@link UplinkListener} service.
 * A listener that throws is logged and does not count; the others still get the message.
 */
@Component(service = UplinkHub.class)
public final class DefaultUplinkHub implements UplinkHub {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultUplinkHub.class);

  /** The current registration of each capsule's uplink name, by capsule and name. */
  private final Map<String, Registration> uplinks = new ConcurrentHashMap<>();
  private final AtomicLong registrations = new AtomicLong();
  private final List<UplinkListener> listeners = new CopyOnWriteArrayList<>();

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
  public void unregister(Registration registration) {
    uplinks.remove(key(registration.capsuleId(), registration.name()), registration);
  }

  private static String key(String capsuleId, String name) {
    return capsuleId + '\u0000' + name;
  }
}
