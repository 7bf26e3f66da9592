package io.astrid.capsule.api.host;

import static java.util.Objects.requireNonNull;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Uplinks: capsules that connect the host to a messaging platform (a chat, a bot, a mail box)
 * register an uplink, then hand over what the platform's users send. The host receives those
 * messages through {@link UplinkListener} services.
 */
@ProviderType
public interface UplinkHub {

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
