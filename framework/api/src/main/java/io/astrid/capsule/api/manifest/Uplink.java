package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

/**
 * An {@code [[uplink]]} entry: a frontend the agent can route messages to (a chat bot, a CLI).
 *
 * @param name unique within the capsule
 * @param platform the platform identifier, such as {@code telegram} or {@code cli}
 * @param profile the interaction profile, such as {@code human} or {@code bridge}
 */
public record Uplink(String name, String platform, String profile) {
  public Uplink {
    requireNonNull(name, "name");
    requireNonNull(platform, "platform");
    requireNonNull(profile, "profile");
  }
}
