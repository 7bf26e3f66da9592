package io.astrid.capsule.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.CronScheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cron has minute resolution, so the timer runs on a clock that starts 0.6 s before a minute:
 * an every-minute job is due within a second, and not again for a minute.
 */
class CronTimerTest {
  private final CronTimer timer = new CronTimer(justBeforeAMinute());

  @AfterEach
  void close() {
    timer.close();
  }

  /**
   * A clock that reads 0.6 s before a minute starts the first time it is read, and runs at the real
   * pace from there. Starting on the first read, not at construction, keeps the 0.6 s however long a
   * busy machine takes between building the timer and scheduling the job.
   */
  static Clock justBeforeAMinute() {
    return new StartsOnFirstRead(Instant.parse("2026-01-01T00:00:59.400Z"));
  }

  private static final class StartsOnFirstRead extends Clock {
    private final Instant start;
    private long firstReadNanos;
    private boolean read;

    StartsOnFirstRead(Instant start) {
      this.start = start;
    }

    @Override
    public synchronized Instant instant() {
      if (!read) {
        firstReadNanos = System.nanoTime();
        read = true;
      }
      return start.plusNanos(System.nanoTime() - firstReadNanos);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock in UTC only");
    }
  }

  @Test
  void aJobRunsWhenItIsDueAndOnlyOncePerMinute() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    timer.schedule("c", "tick", "* * * * *", () -> {
      runs.incrementAndGet();
      ran.countDown();
    });
    assertTrue(ran.await(3, TimeUnit.SECONDS), "the job was due within a second");
    Thread.sleep(1500);
    assertEquals(1, runs.get());
  }

  @Test
  void aCancelledJobDoesNotRun() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    timer.schedule("c", "tick", "* * * * *", runs::incrementAndGet);
    assertTrue(timer.cancel("c", "tick"));
    assertFalse(timer.cancel("c", "tick"));
    Thread.sleep(1500);
    assertEquals(0, runs.get());
  }

  @Test
  void cancellingAReplacedJobLeavesItsSuccessorAndOtherCapsulesAlone() throws Exception {
    CountDownLatch successor = new CountDownLatch(1);
    CountDownLatch other = new CountDownLatch(1);
    AtomicInteger replaced = new AtomicInteger();
    CronScheduler.ScheduledJob old = timer.schedule("mine", "a", "* * * * *", replaced::incrementAndGet);
    timer.schedule("mine", "a", "* * * * *", successor::countDown);
    timer.schedule("other", "a", "* * * * *", other::countDown);
    old.cancel();
    assertTrue(successor.await(3, TimeUnit.SECONDS));
    assertTrue(other.await(3, TimeUnit.SECONDS));
    assertEquals(0, replaced.get());
  }

  @Test
  void schedulingANameAgainReplacesTheJob() throws Exception {
    AtomicInteger first = new AtomicInteger();
    CountDownLatch second = new CountDownLatch(1);
    timer.schedule("c", "tick", "* * * * *", first::incrementAndGet);
    timer.schedule("c", "tick", "* * * * *", second::countDown);
    assertTrue(second.await(3, TimeUnit.SECONDS));
    assertEquals(0, first.get());
  }

  @Test
  void aFailingJobIsLoggedAndOthersCarryOn() throws Exception {
    CountDownLatch other = new CountDownLatch(1);
    timer.schedule("c", "broken", "* * * * *", () -> {
      throw new IllegalStateException("boom");
    });
    timer.schedule("c", "fine", "* * * * *", other::countDown);
    assertTrue(other.await(3, TimeUnit.SECONDS));
  }

  @Test
  void anInvalidScheduleIsRefusedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> timer.schedule("c", "bad", "61 * * * *", () -> { }));
    assertTrue(e.getMessage().startsWith("cron job [bad]: schedule \"61 * * * *\" is invalid: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> timer.schedule("c", "bad", "@often", () -> { }));
  }
}
