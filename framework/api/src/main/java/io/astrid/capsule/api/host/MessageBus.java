package io.astrid.capsule.api.host;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A publish/subscribe bus shared by all capsules (and the host). A topic is a dot-separated name
 * such as {@code issues.created}; a subscription's pattern is a topic, or a prefix followed by
 * {@code .*} matching every topic below it ({@code issues.*}), or {@code *} for all. Each
 * subscription queues what it has not polled yet, up to a bound; when full, the oldest message
 * is dropped and counted.
 */
@ProviderType
public interface MessageBus {

  /** Whether {@code name} can be published to: not empty, no wildcard, no whitespace. */
  static boolean isTopic(String name) {
    return !name.isEmpty() && name.chars().noneMatch(c -> c == '*' || Character.isWhitespace(c));
  }

  /** Delivers {@code payload} on {@code topic} to every matching subscription; how many got it. */
  int publish(String sender, String topic, byte[] payload);

  /** A new subscription of {@code subscriber} (a capsule id) to {@code pattern}. */
  Subscription subscribe(String subscriber, String pattern);

  /** A message as delivered. */
  record Message(String topic, String sender, byte[] payload) {
    public Message {
      requireNonNull(topic, "topic");
      requireNonNull(sender, "sender");
      requireNonNull(payload, "payload");
    }
  }

  /** One subscription: its queue of messages, in the order they were published. */
  @ProviderType
  interface Subscription extends AutoCloseable {
    /** Unique on this bus. */
    String id();

    /** The pattern subscribed to. */
    String pattern();

    /** The oldest message not polled yet, without waiting. */
    Optional<Message> poll();

    /** How many messages were dropped because the queue was full, since the last call. */
    long takeDropped();

    /** Ends the subscription; nothing more is queued. */
    @Override
    void close();
  }
}
