package io.astrid.capsule.core.internal.host;

import io.astrid.capsule.api.host.GuestLogRate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link GuestLogRate} service: one token bucket per capsule, refilled continuously from a
 * nanosecond clock. A capsule's bucket lives as long as the service; capsules are few.
 */
@Component(service = GuestLogRate.class, configurationPid = GuestLogRate.PID)
public final class TokenBucketLogRate implements GuestLogRate {

  /** Configuration (component property types): the keys of {@link GuestLogRate}. */
  public @interface Config {
    /** {@value GuestLogRate#LINES_PER_SECOND}: lines a capsule may log per second, on average. */
    long guest_log_lines_per_second() default 100;

    /** {@value GuestLogRate#BURST_LINES}: lines a capsule may log at once above the rate. */
    long guest_log_burst_lines() default 1000;
  }

  private final long linesPerSecond;
  private final long burstLines;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  @Activate
  public TokenBucketLogRate(Config config) {
    this(config.guest_log_lines_per_second(), config.guest_log_burst_lines(), System::nanoTime);
  }

  /** A rate on a clock of its own (tests). */
  public TokenBucketLogRate(long linesPerSecond, long burstLines, LongSupplier nanoTime) {
    if (linesPerSecond < 1) {
      throw new IllegalArgumentException(LINES_PER_SECOND + " < 1: " + linesPerSecond);
    }
    if (burstLines < 1) {
      throw new IllegalArgumentException(BURST_LINES + " < 1: " + burstLines);
    }
    this.linesPerSecond = linesPerSecond;
    this.burstLines = burstLines;
    this.nanoTime = nanoTime;
  }

  @Override
  public boolean admit(String capsuleId, Consumer<String> report) {
    long dropped = buckets.computeIfAbsent(capsuleId, id -> new Bucket(nanoTime.getAsLong())).take();
    if (dropped < 0) {
      return false;
    }
    if (dropped > 0) {
      report.accept("capsule [" + capsuleId + "]: " + dropped + " log lines dropped");
    }
    return true;
  }

  /** Tokens in billionths of a line, so that the refill needs no floating point. */
  private final class Bucket {
    private long nanoTokens;
    private long refilled;
    private long dropped;

    Bucket(long now) {
      this.nanoTokens = burstLines * 1_000_000_000L;
      this.refilled = now;
    }

    /** -1 when no token is left (the line is counted as dropped); else the lines dropped before this one. */
    synchronized long take() {
      long now = nanoTime.getAsLong();
      long capacity = burstLines * 1_000_000_000L;
      long elapsed = Math.min(now - refilled, capacity / linesPerSecond); // no overflow after a long silence
      nanoTokens = Math.min(capacity, nanoTokens + elapsed * linesPerSecond);
      refilled = now;
      if (nanoTokens < 1_000_000_000L) {
        dropped++;
        return -1;
      }
      nanoTokens -= 1_000_000_000L;
      long before = dropped;
      dropped = 0;
      return before;
    }
  }
}
