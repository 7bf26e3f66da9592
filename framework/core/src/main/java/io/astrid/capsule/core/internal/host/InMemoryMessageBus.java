package io.astrid.capsule.core.internal.host;

import io.astrid.capsule.api.host.MessageBus;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Component;

/**
 * The message bus in memory: each subscription has a bounded queue (the oldest message gives way
 * and is counted), so a subscriber that never polls costs at most its bound. Messages do not
 * survive a restart.
 */
@Component(service = MessageBus.class)
public final class InMemoryMessageBus implements MessageBus {
  /** Messages a subscription holds before the oldest is dropped. */
  static final int QUEUE_BOUND = 1024;

  private final Map<String, Queue> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  @Override
  public int publish(String sender, String topic, byte[] payload) {
    Message message = new Message(topic, sender, payload.clone());
    int delivered = 0;
    for (Queue queue : subscriptions.values()) {
      if (matches(queue.pattern, topic)) {
        queue.offer(message);
        delivered++;
      }
    }
    return delivered;
  }

  @Override
  public Subscription subscribe(String subscriber, String pattern) {
    Queue queue = new Queue("sub-" + ids.incrementAndGet(), pattern);
    subscriptions.put(queue.id, queue);
    return queue;
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
    private final String pattern;
    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private long dropped;

    Queue(String id, String pattern) {
      this.id = id;
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
