package io.astrid.capsule.scheduler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.astrid.capsule.api.host.CronNicknames;
import io.astrid.capsule.api.host.CronScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's engine: one timer thread computes each job's next time with cron-utils and
 * starts the run on a virtual thread of its own, so a slow job delays nobody. A job still running
 * when it is due again skips that time (logged), and a job that throws is logged and stays
 * scheduled.
 */
@Component(service = CronScheduler.class)
public final class CronTimer implements CronScheduler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CronTimer.class);
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("capsule-cron").factory());
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /** In the host's time zone. */
  @Activate
  public CronTimer() {
    this(Clock.systemDefaultZone());
  }

  CronTimer(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ScheduledJob schedule(String capsuleId, String name, String expression, Runnable task) {
    ExecutionTime times;
    try {
      times = ExecutionTime.forCron(PARSER.parse(CronNicknames.expand(expression)).validate());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cron job [" + name + "]: schedule \"" + expression + "\" is invalid: "
          + e.getMessage(), e);
    }
    Job job = new Job(capsuleId, name, times, task);
    Job replaced = jobs.put(key(capsuleId, name), job);
    if (replaced != null) {
      replaced.cancel();
    }
    job.armNext();
    return job;
  }

  @Override
  public boolean cancel(String capsuleId, String name) {
    Job job = jobs.remove(key(capsuleId, name));
    if (job != null) {
      job.cancel();
    }
    return job != null;
  }

  @Deactivate
  @Override
  public void close() {
    timer.shutdownNow();
    jobs.clear();
  }

  private static String key(String capsuleId, String name) {
    return capsuleId + '\u0000' + name;
  }

  /** One scheduled job: armed for its next time, re-armed after each firing until cancelled. */
  private final class Job implements ScheduledJob {
    private final String capsuleId;
    private final String name;
    private final ExecutionTime times;
    private final Runnable task;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> next;

    Job(String capsuleId, String name, ExecutionTime times, Runnable task) {
      this.capsuleId = capsuleId;
      this.name = name;
      this.times = times;
      this.task = task;
    }

    void armNext() {
      if (cancelled) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(clock);
      times.nextExecution(now).ifPresent(at -> {
        long delay = Math.max(0, Duration.between(now, at).toMillis());
        next = timer.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
      });
    }

    private void fire() {
      if (cancelled) {
        return;
      }
      if (running.compareAndSet(false, true)) {
        Thread.ofVirtual().name("cron-" + capsuleId + "-" + name).start(this::run);
      } else {
        LOG.warn("cron job [{}] of capsule [{}] is still running; this run is skipped", name, capsuleId);
      }
      // Armed from the time after now: a cron minute never fires twice, even when the timer runs early.
      timer.schedule(this::armNext, 1, TimeUnit.SECONDS);
    }

    private void run() {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("cron job [{}] of capsule [{}] failed: {}", name, capsuleId, e.getMessage(), e);
      } finally {
        running.set(false);
      }
    }

    @Override
    public void cancel() {
      jobs.remove(key(capsuleId, name), this);
      cancelled = true;
      ScheduledFuture<?> armed = next;
      if (armed != null) {
        armed.cancel(false);
      }
    }
  }
}
