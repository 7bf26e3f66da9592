package io.astrid.capsule.api.host;

import java.util.Map;

/**
 * The cron nicknames ({@code @daily}...) and the five-field expressions they stand for, shared by
 * the manifest validation and the scheduler so that both read a schedule the same way.
 */
public final class CronNicknames {
  /** Each nickname and its expression. */
  public static final Map<String, String> EXPRESSIONS = Map.of(
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *",
      "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *",
      "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");

  private CronNicknames() {}

  /** The five-field form of {@code schedule}: what its nickname stands for, or itself, stripped. */
  public static String expand(String schedule) {
    String stripped = schedule.strip();
    return EXPRESSIONS.getOrDefault(stripped, stripped);
  }
}
