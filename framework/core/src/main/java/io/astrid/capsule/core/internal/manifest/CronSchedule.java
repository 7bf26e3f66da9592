package io.astrid.capsule.core.internal.manifest;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.astrid.capsule.api.host.CronNicknames;
import java.util.Optional;

/**
 * Validates the five-field UNIX cron expressions of {@code [[cron]] schedule}, and the usual
 * nicknames ({@code @hourly}, {@code @daily}, ...), with cron-utils.
 */
final class CronSchedule {
  static final int FIELDS = 5;

  private static final String NICKNAME_LIST =
      String.join(", ", CronNicknames.EXPRESSIONS.keySet().stream().sorted().toList());

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private CronSchedule() {}

  /** Why {@code schedule} is not a valid expression (a phrase after the quoted value), or empty. */
  static Optional<String> problem(String schedule) {
    String expanded = CronNicknames.expand(schedule);
    if (expanded.startsWith("@")) {
      return Optional.of("is an unknown nickname, expected one of " + NICKNAME_LIST);
    }
    int fields = expanded.isEmpty() ? 0 : expanded.split("\\s+").length;
    if (fields != FIELDS) {
      return Optional.of("has " + fields + (fields == 1 ? " field" : " fields") + ", expected " + FIELDS);
    }
    try {
      PARSER.parse(expanded).validate();
      return Optional.empty();
    } catch (RuntimeException e) {
      // cron-utils reports most mistakes as IllegalArgumentException, a few as index errors.
      String detail = e instanceof IllegalArgumentException ? e.getMessage() : "it cannot be parsed";
      return Optional.of("is invalid: " + detail);
    }
  }
}
