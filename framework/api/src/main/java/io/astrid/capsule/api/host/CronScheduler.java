package io.astrid.capsule.api.host;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs tasks on cron schedules: five-field UNIX expressions ({@code *&#47;5 * * * *}) or the
 * nicknames {@code @hourly}, {@code @daily}... in the host's time zone. A run that is still going
 * when the next one is due makes that one skipped, never doubled.
 */
@ProviderType
public interface CronScheduler {

  /**
   * Schedules {@code task} as {@code name} of {@code capsuleId}, replacing a job of that name.
   *
   * @return the job, to cancel it: cancelling a job that was replaced since leaves its successor alone
   * @throws IllegalArgumentException when {@code expression} is not a valid schedule, with the reason
   */
  ScheduledJob schedule(String capsuleId, String name, String expression, Runnable task);

  /** Cancels the job; true when there was one. */
  boolean cancel(String capsuleId, String name);

  /** A scheduled job. */
  @ProviderType
  interface ScheduledJob {
    /** Stops it; a run in progress finishes. */
    void cancel();
  }
}
