package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

/**
 * A {@code [[cron]]} entry: a task the scheduler triggers.
 *
 * @param name unique within the capsule
 * @param schedule a five-field UNIX cron expression (minute hour day-of-month month
 *     day-of-week), validated when the manifest is read
 * @param action the action passed to the guest's {@code astrid_cron_trigger}
 */
public record CronJob(String name, String schedule, String action) {
  public CronJob {
    requireNonNull(name, "name");
    requireNonNull(schedule, "schedule");
    requireNonNull(action, "action");
  }
}
