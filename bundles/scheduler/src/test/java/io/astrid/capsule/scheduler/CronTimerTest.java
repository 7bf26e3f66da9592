package io.astrid.capsule.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.CronScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cron has minute resolution, so the timer runs on a clock set to 0.6 s before a minute starts:
 * an every-minute job is due within a second, and not again for a minute.
 */
class CronTimerTest {
  private final CronTimer timer = new CronTimer(justBeforeAMinute());

  @AfterEach
  void close() {
    timer.close();
  }

  /** A clock 0.6 s before a minute starts. */
  static Clock justBeforeAMinute() {
    Instant now = Instant.now();
    long intoMinute = now.toEpochMilli() % 60_000;
    return Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofMillis(59_400 - intoMinute));
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
