package io.astrid.capsule.api.host;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A publish/subscribe bus shared by all capsules (and the host). A topic is a dot-separated name
 * such as {@code issues.created}; a subscription's pattern is a topic, or a prefix followed by
 * {@code .*} matching every topic below it ({@code issues.*}), or {@code *} for all. Each
 * subscription queues what it has not polled yet, up to a bound; when full, the oldest message
 * is dropped and counted.
 *
 * <p>Topics are namespaced (issue 18): what a capsule publishes lands below its own name
 * ({@link #namespaced}), so no capsule can publish on another's topics; the runtime publishes its own
 * messages (cron jobs, lifecycle) below {@value #SYSTEM_NAMESPACE} with {@link #publishSystem}, a
 * namespace no capsule can publish in. A subscription may name any topic. Each capsule is held to
 * the limits configured under {@value #PID}; a publish or subscription beyond one fails with an
 * {@link IpcException} naming the capsule, the topic and the limit.
 */
@ProviderType
public interface MessageBus {
  /** The configuration PID of the bus. */
  String PID = "io.astrid.capsule.ipc";

  /**
   * Configuration key: the most bytes one message's payload may have. Type long, unit bytes; optional,
   * default {@value #DEFAULT_PAYLOAD_MAX_BYTES}; at least 1.
   */
  String PAYLOAD_MAX_BYTES = "ipc.payload.max.bytes";

  /** The default of {@link #PAYLOAD_MAX_BYTES}: 64 KiB. */
  long DEFAULT_PAYLOAD_MAX_BYTES = 64 * 1024;

  /**
   * Configuration key: the most messages one capsule may publish in one second (a window that starts
   * at its first message and lasts a second). Type long, unit messages per second; optional, default
   * {@value #DEFAULT_PUBLISH_PER_SECOND}; at least 1.
   */
  String PUBLISH_PER_SECOND = "ipc.publish.per.second";

  /** The default of {@link #PUBLISH_PER_SECOND}. */
  long DEFAULT_PUBLISH_PER_SECOND = 1000;

  /**
   * Configuration key: the most subscriptions one capsule may hold open at once. Type long, unit
   * subscriptions; optional, default {@value #DEFAULT_SUBSCRIPTIONS_MAX}; at least 1.
   */
  String SUBSCRIPTIONS_MAX = "ipc.subscriptions.max";

  /** The default of {@link #SUBSCRIPTIONS_MAX}. */
  long DEFAULT_SUBSCRIPTIONS_MAX = 64;

  /**
   * The namespace of the runtime's own topics ({@code astrid.cron.CAPSULE.ACTION}); the sender of
   * what {@link #publishSystem} publishes. A capsule of this name cannot publish.
   */
  String SYSTEM_NAMESPACE = "astrid";

  /**
   * The topic a capsule's publish to {@code topic} lands on: {@code topic} itself when it starts with
   * the capsule's name and a dot, else that prefix followed by {@code topic} (as the upstream runtime
   * does: {@code summarize} from {@code knowledge-graph} is {@code knowledge-graph.summarize}, and
   * {@code knowledge-graph.summarize} from {@code evil} is {@code evil.knowledge-graph.summarize}).
   */
  static String namespaced(String capsuleId, String topic) {
    String prefix = capsuleId + ".";
    return topic.startsWith(prefix) ? topic : prefix + topic;
  }

  /** Whether {@code name} can be published to: not empty, no wildcard, no whitespace. */
  static boolean isTopic(String name) {
    return !name.isEmpty() && name.chars().noneMatch(c -> c == '*' || Character.isWhitespace(c));
  }

  /**
   * Delivers {@code payload} from capsule {@code sender} on {@link #namespaced namespaced(sender,
   * topic)} to every matching subscription; how many got it.
   *
   * @throws IpcException when the payload is over {@value #PAYLOAD_MAX_BYTES}, the sender has
   *     published {@value #PUBLISH_PER_SECOND} messages in this second already, or the sender is
   *     named {@value #SYSTEM_NAMESPACE}
   */
  int publish(String sender, String topic, byte[] payload);

  /**
   * Delivers the runtime's {@code payload} on {@value #SYSTEM_NAMESPACE}{@code .topic}, from sender
   * {@value #SYSTEM_NAMESPACE}, free of the capsules' limits; how many subscriptions got it.
   */
  int publishSystem(String topic, byte[] payload);

  /**
   * A new subscription of {@code subscriber} (a capsule id) to {@code pattern}, which may name any
   * capsule's topics or the runtime's.
   *
   * @throws IpcException when the subscriber holds {@value #SUBSCRIPTIONS_MAX} subscriptions already
   */
  Subscription subscribe(String subscriber, String pattern);

  /**
   * A message as delivered.
   *
   * @param topic the topic it was delivered on, namespaced
   * @param sender the publishing capsule, or {@value #SYSTEM_NAMESPACE} for the runtime
   * @param published when the bus took it
   */
  record Message(String topic, String sender, byte[] payload, Instant published) {
    public Message {
      requireNonNull(topic, "topic");
      requireNonNull(sender, "sender");
      requireNonNull(payload, "payload");
      requireNonNull(published, "published");
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
