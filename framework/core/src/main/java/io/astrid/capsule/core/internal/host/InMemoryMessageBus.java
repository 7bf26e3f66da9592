package io.astrid.capsule.core.internal.host;

import io.astrid.capsule.api.host.IpcException;
import io.astrid.capsule.api.host.MessageBus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The message bus in memory: each subscription has a bounded queue (the oldest message gives way
 * and is counted), so a subscriber that never polls costs at most its bound. Messages do not
 * survive a restart. Capsules' topics are namespaced and their publishing and subscribing limited
 * as {@link MessageBus} says.
 */
@Component(service = MessageBus.class, configurationPid = MessageBus.PID)
@Designate(ocd = InMemoryMessageBus.Config.class)
public final class InMemoryMessageBus implements MessageBus {
  /** Messages a subscription holds before the oldest is dropped. */
  static final int QUEUE_BOUND = 1024;

  /** The keys of {@link MessageBus}, named by Declarative Services from the methods' names. */
  @ObjectClassDefinition(name = "Astrid capsule IPC bus",
      description = "Limits of what capsules publish on the bus and how many subscriptions they hold.")
  public @interface Config {
    @AttributeDefinition(description = "the most bytes of one message's payload")
    long ipc_payload_max_bytes() default DEFAULT_PAYLOAD_MAX_BYTES;

    @AttributeDefinition(description = "the most messages a capsule may publish in a second")
    long ipc_publish_per_second() default DEFAULT_PUBLISH_PER_SECOND;

    @AttributeDefinition(description = "the most subscriptions a capsule may hold open")
    long ipc_subscriptions_max() default DEFAULT_SUBSCRIPTIONS_MAX;
  }

  private static final long SECOND_NANOS = 1_000_000_000L;

  private final long payloadMaxBytes;
  private final long publishPerSecond;
  private final long subscriptionsMax;
  private final LongSupplier nanoTime;
  private final Map<String, Queue> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** A bus with the default limits. */
  public InMemoryMessageBus() {
    this(DEFAULT_PAYLOAD_MAX_BYTES, DEFAULT_PUBLISH_PER_SECOND, DEFAULT_SUBSCRIPTIONS_MAX, System::nanoTime);
  }

  @Activate
  public InMemoryMessageBus(Config config) {
    this(config.ipc_payload_max_bytes(), config.ipc_publish_per_second(), config.ipc_subscriptions_max(),
        System::nanoTime);
  }

  /** A bus with these limits, on a clock of its own (tests). */
  public InMemoryMessageBus(long payloadMaxBytes, long publishPerSecond, long subscriptionsMax, LongSupplier nanoTime) {
    this.payloadMaxBytes = atLeastOne(PAYLOAD_MAX_BYTES, payloadMaxBytes);
    this.publishPerSecond = atLeastOne(PUBLISH_PER_SECOND, publishPerSecond);
    this.subscriptionsMax = atLeastOne(SUBSCRIPTIONS_MAX, subscriptionsMax);
    this.nanoTime = nanoTime;
  }

  private static long atLeastOne(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " < 1: " + value);
    }
    return value;
  }

  @Override
  public int publish(String sender, String topic, byte[] payload) {
    String namespaced = MessageBus.namespaced(sender, topic);
    if (sender.equals(SYSTEM_NAMESPACE)) {
      throw refused(sender, namespaced, "the namespace [" + SYSTEM_NAMESPACE + "] is the runtime's");
    }
    if (payload.length > payloadMaxBytes) {
      throw refused(sender, namespaced, "the payload has " + payload.length + " bytes, more than "
          + PAYLOAD_MAX_BYTES + " [" + payloadMaxBytes + "]");
    }
    if (!windows.computeIfAbsent(sender, id -> new Window()).admit()) {
      throw refused(sender, namespaced, "more than " + PUBLISH_PER_SECOND + " [" + publishPerSecond
          + "] messages in one second");
    }
    return deliver(new Message(namespaced, sender, payload.clone(), Instant.now()));
  }

  private static IpcException refused(String capsule, String topic, String why) {
    return new IpcException("ipc publish [" + topic + "] by capsule [" + capsule + "] refused: " + why);
  }

  @Override
  public int publishSystem(String topic, byte[] payload) {
    return deliver(new Message(SYSTEM_NAMESPACE + "." + topic, SYSTEM_NAMESPACE, payload.clone(), Instant.now()));
  }

  private int deliver(Message message) {
    String topic = message.topic();
    int delivered = 0;
    for (Queue queue : subscriptions.values()) {
      if (matches(queue.subscriber, queue.pattern, topic)) {
        queue.offer(message);
        delivered++;
      }
    }
    return delivered;
  }

  /** The count and the new subscription in one step per subscriber, so two at once cannot both pass the limit. */
  @Override
  public Subscription subscribe(String subscriber, String pattern) {
    synchronized (windows.computeIfAbsent(subscriber, id -> new Window())) {
      long open = subscriptions.values().stream().filter(queue -> queue.subscriber.equals(subscriber)).count();
      if (open >= subscriptionsMax) {
        throw new IpcException("ipc subscribe [" + pattern + "] by capsule [" + subscriber + "] refused: "
            + SUBSCRIPTIONS_MAX + " [" + subscriptionsMax + "] subscriptions are open already");
      }
      Queue queue = new Queue("sub-" + ids.incrementAndGet(), subscriber, pattern);
      subscriptions.put(queue.id, queue);
      return queue;
    }
  }

  /** One capsule's publishing second: it starts at the first message after the last one ended. */
  private final class Window {
    private long start;
    private long count;

    synchronized boolean admit() {
      long now = nanoTime.getAsLong();
      if (count == 0 || now - start >= SECOND_NANOS) {
        start = now;
        count = 0;
      }
      if (count >= publishPerSecond) {
        return false;
      }
      count++;
      return true;
    }
  }

  /**
   * Whether {@code subscriber}'s {@code pattern} takes {@code topic}: the pattern names the topic
   * itself, or, as upstream's subscriptions do, the topic below the subscriber's own namespace
   * ({@code issues.*} of capsule {@code tracker} takes {@code tracker.issues.created}).
   */
  static boolean matches(String subscriber, String pattern, String topic) {
    String own = subscriber + ".";
    return matches(pattern, topic) || topic.startsWith(own) && matches(pattern, topic.substring(own.length()));
  }

  /** {@code *} matches all, {@code a.*} matches {@code a.b} and {@code a.b.c}, anything else itself. */
  static boolean matches(String pattern, String topic) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      return topic.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(topic);
  }

  private final class Queue implements Subscription {
    private final String id;
    private final String subscriber;
    private final String pattern;
    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private long dropped;

    Queue(String id, String subscriber, String pattern) {
      this.id = id;
      this.subscriber = subscriber;
      this.pattern = pattern;
    }

    synchronized void offer(Message message) {
      if (messages.size() == QUEUE_BOUND) {
        messages.poll();
        dropped++;
      }
      messages.add(message);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String pattern() {
      return pattern;
    }

    @Override
    public synchronized Optional<Message> poll() {
      return Optional.ofNullable(messages.poll());
    }

    @Override
    public synchronized long takeDropped() {
      long count = dropped;
      dropped = 0;
      return count;
    }

    @Override
    public void close() {
      subscriptions.remove(id);
    }
  }
}
