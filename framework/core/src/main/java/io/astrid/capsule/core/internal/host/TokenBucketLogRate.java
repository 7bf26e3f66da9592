package io.astrid.capsule.core.internal.host;

import io.astrid.capsule.api.host.GuestLogRate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link GuestLogRate} service: one token bucket per capsule, refilled continuously from a
 * nanosecond clock. A capsule's bucket lives as long as the service; capsules are few.
 */
@Component(service = GuestLogRate.class, configurationPid = GuestLogRate.PID)
@Designate(ocd = TokenBucketLogRate.Config.class)
public final class TokenBucketLogRate implements GuestLogRate {

  /** The keys of {@link GuestLogRate}, named by Declarative Services from the methods' names. */
  @ObjectClassDefinition(name = "Astrid capsule log rate",
      description = "How many lines capsules may log: guest logs, WASI output, MCP servers' stderr.")
  public @interface Config {
    @AttributeDefinition(description = "lines a capsule may log per second, on average")
    long guest_log_lines_per_second() default 100;

    @AttributeDefinition(description = "lines a capsule may log at once above the rate")
    long guest_log_burst_lines() default 1000;
  }

  /** The two limits, checked together and replaced together. */
  private record Rate(long linesPerSecond, long burstLines) {
    Rate {
      if (linesPerSecond < 1) {
        throw new IllegalArgumentException(LINES_PER_SECOND + " < 1: " + linesPerSecond);
      }
      if (burstLines < 1) {
        throw new IllegalArgumentException(BURST_LINES + " < 1: " + burstLines);
      }
    }
  }

  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  /** Replaced by {@link #modified}; each bucket reads it at its next line. */
  private volatile Rate rate;

  @Activate
  public TokenBucketLogRate(Config config) {
    this(config.guest_log_lines_per_second(), config.guest_log_burst_lines(), System::nanoTime);
  }

  /** A rate on a clock of its own (tests). */
  public TokenBucketLogRate(long linesPerSecond, long burstLines, LongSupplier nanoTime) {
    this.rate = new Rate(linesPerSecond, burstLines);
    this.nanoTime = nanoTime;
  }

  /** A new rate without restarting what logs through this service (issue 16): buckets keep their tokens. */
  @Modified
  void modified(Config config) {
    rate = new Rate(config.guest_log_lines_per_second(), config.guest_log_burst_lines());
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
      this.nanoTokens = rate.burstLines() * 1_000_000_000L;
      this.refilled = now;
    }

    /** -1 when no token is left (the line is counted as dropped); else the lines dropped before this one. */
    synchronized long take() {
      long now = nanoTime.getAsLong();
      Rate current = rate;
      long capacity = current.burstLines() * 1_000_000_000L;
      long elapsed = Math.min(now - refilled, capacity / current.linesPerSecond()); // no overflow after silence
      nanoTokens = Math.min(capacity, nanoTokens + elapsed * current.linesPerSecond());
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
