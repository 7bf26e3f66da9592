package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.host.UplinkHub;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uplinks one capsule instance registered, as the upstream runtime (unicity-astrid/astrid at
 * e4e34713, host/uplink.rs) shows them to its guest (issue 18): {@code astrid_uplink_register}
 * takes one of upstream's profiles and answers a UUID; {@code astrid_uplink_send} takes that UUID
 * and answers {@code {"ok":true}}, or {@code {"dropped":true,"ok":false}} when the host took the
 * message nowhere (upstream: its inbound queue was full; here: no listener took it). The hub keeps
 * its own ids; the UUIDs are this instance's, so a guest cannot name another capsule's uplink.
 */
final class UpstreamUplinks {
  /** Upstream's connector profiles ({@code human} it takes as {@code chat}), as its error lists them. */
  static final List<String> PROFILES = List.of("chat", "interactive", "notify", "bridge", "human");

  /** Upstream's answers to a send, as serde_json writes them (keys sorted). */
  static final String SENT = "{\"ok\":true}";

  static final String DROPPED = "{\"dropped\":true,\"ok\":false}";

  private final Map<UUID, UplinkHub.Registration> byId = new ConcurrentHashMap<>();

  /** Upstream's check of a profile, case-insensitive, with its error text. */
  static void checkProfile(String profile) {
    if (!PROFILES.contains(profile.toLowerCase(Locale.ROOT))) {
      throw new WasmCallException("astrid_uplink_register: invalid uplink profile: \""
          + profile.toLowerCase(Locale.ROOT) + "\" (expected: " + String.join(", ", PROFILES) + ")");
    }
  }

  /** The UUID the guest gets for {@code registration}; a registration of the same name again replaces the old one. */
  UUID add(UplinkHub.Registration registration) {
    byId.values().removeIf(old -> old.name().equals(registration.name()));
    UUID id = UUID.randomUUID();
    byId.put(id, registration);
    return id;
  }

  int size() {
    return byId.size();
  }

  /** The registration the guest's {@code id} names, or upstream's error for an id that is no UUID or none of ours. */
  UplinkHub.Registration find(String id, String capsuleId) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new WasmCallException("astrid_uplink_send: invalid uplink_id [" + id + "]: not a UUID");
    }
    return Optional.ofNullable(byId.get(uuid)).orElseThrow(() -> new WasmCallException(
        "astrid_uplink_send: uplink " + uuid + " not registered by capsule " + capsuleId));
  }

  /** Every registration, for the host to end them with the instance. */
  List<UplinkHub.Registration> drain() {
    List<UplinkHub.Registration> all = List.copyOf(byId.values());
    byId.clear();
    return all;
  }
}
