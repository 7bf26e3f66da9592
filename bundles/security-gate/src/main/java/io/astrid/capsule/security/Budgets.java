package io.astrid.capsule.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per capsule and capability, how many calls may pass: a count for the whole run
 * ({@code fs_write=1000}) or a rate ({@code net=100/1m}, a token bucket that refills greedily).
 * A spec may name one capsule ({@code github-agent:net=10/1s}); that beats the general one.
 * Each capsule spends its own budget.
 */
final class Budgets {
  static final String GATE = "budget";

  private static final Pattern SPEC =
      Pattern.compile("(?:([a-z][a-z0-9-]*):)?([a-z_]+)=([0-9]{1,12})(?:/([0-9]{1,9})(ms|s|m|h|d))?");

  /** One configured budget. */
  record Spec(Optional<String> capsuleId, String capability, long amount, Optional<Duration> per) {
    @Override
    public String toString() {
      return capsuleId.map(c -> c + ":").orElse("") + capability + "=" + amount
          + per.map(p -> "/" + human(p)).orElse("");
    }
  }

  private final List<Spec> specs;
  private final Map<String, Allowance> spent = new ConcurrentHashMap<>();

  Budgets(List<Spec> specs) {
    this.specs = List.copyOf(specs);
  }

  /**
   * Parses {@code [capsule:]capability=N[/DURATION]} entries (DURATION: a number and ms, s, m, h
   * or d); an entry may hold several, comma-separated.
   *
   * @throws IllegalArgumentException naming the first entry that is not one
   */
  static Budgets parse(String... entries) {
    List<Spec> specs = new ArrayList<>();
    // A .cfg file gives one string: several budgets may share it, separated by commas.
    for (String entry : java.util.Arrays.stream(entries).flatMap(e -> java.util.Arrays.stream(e.split(",")))
        .filter(e -> !e.isBlank()).toList()) {
      Matcher m = SPEC.matcher(entry.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("budget [" + entry + "] is not CAPABILITY=N or CAPABILITY=N/DURATION"
            + " (such as net=100/1m), optionally after CAPSULE:");
      }
      Optional<Duration> per = Optional.ofNullable(m.group(4)).map(n -> duration(Long.parseLong(n), m.group(5)));
      specs.add(new Spec(Optional.ofNullable(m.group(1)), m.group(2), Long.parseLong(m.group(3)), per));
    }
    return new Budgets(specs);
  }

  /** Takes one unit of the capsule's budget for the capability; empty when it may, why not when not. */
  Optional<String> spend(String capsuleId, String capability) {
    Optional<Spec> spec = specFor(capsuleId, capability);
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    Allowance allowance = spent.computeIfAbsent(capsuleId + "\0" + capability, k -> Allowance.of(spec.get()));
    return allowance.tryTake() ? Optional.empty()
        : Optional.of("capsule [" + capsuleId + "] has spent its budget [" + spec.get() + "]");
  }

  private Optional<Spec> specFor(String capsuleId, String capability) {
    Optional<Spec> own = specs.stream()
        .filter(s -> s.capability().equals(capability) && s.capsuleId().equals(Optional.of(capsuleId)))
        .findFirst();
    return own.isPresent() ? own : specs.stream()
        .filter(s -> s.capability().equals(capability) && s.capsuleId().isEmpty())
        .findFirst();
  }

  /** What is left of one budget: a counter, or a token bucket. */
  private interface Allowance {
    boolean tryTake();

    static Allowance of(Spec spec) {
      if (spec.per().isEmpty()) {
        AtomicLong left = new AtomicLong(spec.amount());
        return () -> left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
      }
      Bucket bucket = Bucket.builder()
          .addLimit(Bandwidth.builder().capacity(spec.amount()).refillGreedy(spec.amount(), spec.per().get()).build())
          .build();
      return () -> bucket.tryConsume(1);
    }
  }

  private static Duration duration(long amount, String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static String human(Duration d) {
    if (d.toMillis() % 86_400_000 == 0) {
      return d.toDays() + "d";
    }
    if (d.toMillis() % 3_600_000 == 0) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
