package io.astrid.capsule.api.host;

import static java.util.Objects.requireNonNull;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Uplinks: capsules that connect the host to a messaging platform (a chat, a bot, a mail box)
 * register an uplink, then hand over what the platform's users send. The host receives those
 * messages through {@link UplinkListener} services (outbound, capsule to host), and sends a capsule's
 * uplink a message with {@link #deliver} (inbound, host to capsule), which the capsule polls from
 * its IPC subscription to {@link #inboundTopic}. The upstream runtime (unicity-astrid/astrid at
 * e4e34713) has no inbound path yet; the bus is the one way a guest receives anything it did not
 * call for.
 */
@ProviderType
public interface UplinkHub {
  /**
   * The topic, below {@link MessageBus#SYSTEM_NAMESPACE}, under which {@link #deliver} publishes:
   * {@code astrid.uplink.CAPSULE.NAME}.
   */
  String INBOUND_TOPIC = "uplink";

  /** The whole topic a message delivered to {@code capsuleId}'s uplink {@code name} arrives on. */
  static String inboundTopic(String capsuleId, String name) {
    return MessageBus.SYSTEM_NAMESPACE + "." + INBOUND_TOPIC + "." + capsuleId + "." + name;
  }

  /**
   * Registers an uplink of {@code capsuleId}; registering a name again replaces it. Each
   * registration has an id of its own, so a replaced one can no longer send or be unregistered.
   *
   * @param name the uplink's name, unique within the capsule
   * @param platform the platform it connects ({@code telegram})
   * @param profile what the platform says about the account, as the capsule describes it
   */
  Registration register(String capsuleId, String name, String platform, String profile);

  /**
   * Hands {@code content} from {@code platformUser} on uplink {@code uplinkId} to the listeners.
   *
   * @return how many listeners took it
   * @throws IllegalArgumentException when {@code capsuleId} has no uplink of that id
   */
  int send(String capsuleId, String uplinkId, String platformUser, String content);

  /**
   * Sends {@code content} from {@code platformUser} to {@code capsuleId}'s registered uplink
   * {@code name}: the runtime publishes it on {@link #inboundTopic} as upstream's standard
   * {@code user_input} message, {@code {"type": "user_input", "text": content, "context": {"uplink":
   * id, "name", "platform", "platform_user"}}}. Never waits for the capsule.
   *
   * @return how many subscriptions took it (0 when the capsule subscribes to none)
   * @throws IllegalArgumentException when {@code capsuleId} has no uplink of that name registered
   */
  int deliver(String capsuleId, String name, String platformUser, String content);

  /** Removes {@code registration} if it is still registered (its capsule was unloaded). */
  void unregister(Registration registration);

  /** A registered uplink. */
  record Registration(String id, String capsuleId, String name, String platform, String profile) {
    public Registration {
      requireNonNull(id, "id");
      requireNonNull(capsuleId, "capsuleId");
      requireNonNull(name, "name");
      requireNonNull(platform, "platform");
      requireNonNull(profile, "profile");
    }
  }
}
