package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open MCP sessions of every transport: at most {@code max} at once; one unused for the idle
 * timeout is closed. Owns the thread that expires sessions; close stops it and interrupts the tool
 * calls of every session (each runs on the thread of its request). Thread-safe.
 */
final class Sessions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** How often idle sessions are looked for, at most: often enough for short test timeouts. */
  private static final long MAX_SWEEP_MS = 30_000;

  private final Catalog catalog;
  private volatile int max;
  private volatile long idleNanos;
  private ScheduledFuture<?> sweep;
  private final String serverVersion;
  private final Map<String, McpSession> open = new ConcurrentHashMap<>();
  private final Set<McpSession> stdio = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("astrid-gateway-sessions").factory());

  Sessions(Catalog catalog, int max, Duration idle, String serverVersion) {
    this.catalog = catalog;
    this.serverVersion = serverVersion;
    limit(max, idle);
  }

  /**
   * From now on at most {@code max} sessions (those open stay open), and sessions unused for
   * {@code idle} expire (looked for at a quarter of it, at most every 30 s).
   */
  synchronized void limit(int max, Duration idle) {
    if (max < 1) {
      throw new IllegalArgumentException("gateway.sessions.max < 1: " + max);
    }
    this.max = max;
    this.idleNanos = idle.toNanos();
    if (sweep != null) {
      sweep.cancel(false);
    }
    long every = Math.max(10, Math.min(MAX_SWEEP_MS, idle.toMillis() / 4));
    sweep = sweeper.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens a session.
   *
   * @throws JsonRpc.Failure when {@code max} sessions are open
   */
  McpSession open() throws JsonRpc.Failure {
    synchronized (open) {
      if (open.size() >= max) {
        throw new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "too many sessions [" + max
            + "]: close one (HTTP DELETE) or wait until an idle one expires");
      }
      String id = HexFormat.of().formatHex(randomBytes());
      McpSession session = new McpSession(id, catalog, serverVersion);
      open.put(id, session);
      return session;
    }
  }

  /** A stdio client's session: it lives as long as its stream, so it neither counts nor expires. */
  McpSession openStdio() {
    McpSession session = new McpSession("stdio-" + HexFormat.of().formatHex(randomBytes()), catalog,
        serverVersion);
    stdio.add(session);
    return session;
  }

  void closeStdio(McpSession session) {
    stdio.remove(session);
    session.close();
  }

  Optional<McpSession> get(String id) {
    return Optional.ofNullable(open.get(id));
  }

  boolean close(String id) {
    McpSession session = open.remove(id);
    if (session != null) {
      session.close();
    }
    return session != null;
  }

  int size() {
    return open.size();
  }

  /** Sends {@code method} (a list_changed notification) to every session with a channel for it. */
  void broadcast(String method) {
    open.values().forEach(s -> s.notifyClient(method));
    stdio.forEach(s -> s.notifyClient(method));
  }

  /** Sends a log message ({@code notifications/message}) to every session with a channel for it. */
  void log(String level, String logger, JsonNode data) {
    open.values().forEach(s -> s.log(level, logger, data));
    stdio.forEach(s -> s.log(level, logger, data));
  }

  private void expire() {
    long now = System.nanoTime();
    open.values().stream().filter(s -> now - s.lastUsedNanos() > idleNanos && !s.hasStandalone())
        .map(McpSession::id).toList().forEach(id -> {
          if (close(id)) {
            LOG.debug("session {} expired", id);
          }
        });
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    open.keySet().forEach(this::close);
    stdio.forEach(this::closeStdio);
  }
}
