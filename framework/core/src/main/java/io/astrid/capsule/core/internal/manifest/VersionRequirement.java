package io.astrid.capsule.core.internal.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * A version requirement in Cargo's syntax, as Rust-born manifests write them: comparators joined
 * by commas, all of which must hold ({@code >=0.1.0, <0.3}). Operators {@code = > >= < <= ~ ^};
 * a bare version means {@code ^}; {@code *}, {@code 1.*} and {@code 1.2.*} are wildcards.
 * Versions are ordered by semver4j.
 */
final class VersionRequirement {
  private static final Pattern COMPARATOR = Pattern.compile(
      "(=|>=|<=|>|<|~|\\^)?\\s*(\\d{1,9})(?:\\.(\\d{1,9}|\\*|x|X))?(?:\\.(\\d{1,9}|\\*|x|X))?(-[0-9A-Za-z.-]+)?");

  private static final Pattern VALID_PRE_RELEASE = Pattern.compile(NameRules.PRE_RELEASE);

  private final List<Predicate<Semver>> comparators;

  private VersionRequirement(List<Predicate<Semver>> comparators) {
    this.comparators = List.copyOf(comparators);
  }

  /**
   * Parses a requirement.
   *
   * @throws IllegalArgumentException naming the first comparator that is not understood
   */
  static VersionRequirement parse(String requirement) {
    if (requirement.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    List<Predicate<Semver>> comparators = new ArrayList<>();
    for (String part : requirement.split(",", -1)) {
      String comparator = part.strip();
      if (comparator.equals("*")) {
        comparators.add(v -> true);
        continue;
      }
      Matcher m = COMPARATOR.matcher(comparator);
      if (!m.matches()) {
        throw new IllegalArgumentException("has comparator \"" + comparator + "\" that is not understood");
      }
      comparators.add(comparator(m, comparator));
    }
    return new VersionRequirement(comparators);
  }

  boolean isSatisfiedBy(Semver version) {
    return comparators.stream().allMatch(c -> c.test(version));
  }

  private static Predicate<Semver> comparator(Matcher m, String text) {
    String op = m.group(1) == null ? "^" : m.group(1);
    long major = Long.parseLong(m.group(2));
    Long minor = number(m.group(3));
    Long patch = number(m.group(4));
    String pre = m.group(5) == null ? "" : m.group(5);
    boolean wildcard = isWildcard(m.group(3)) || isWildcard(m.group(4));
    if (wildcard && !(op.equals("^") && m.group(1) == null || op.equals("="))) {
      throw new IllegalArgumentException("has comparator \"" + text + "\" with both an operator and a wildcard");
    }
    if (minor == null && patch != null) {
      throw new IllegalArgumentException("has comparator \"" + text + "\" with a wildcard before a number");
    }
    if (!pre.isEmpty() && patch == null) {
      throw new IllegalArgumentException("has comparator \"" + text + "\" with a pre-release on a partial version");
    }
    if (!pre.isEmpty() && !VALID_PRE_RELEASE.matcher(pre.substring(1)).matches()) {
      throw new IllegalArgumentException("has comparator \"" + text + "\" with an invalid pre-release");
    }
    if (wildcard) {
      op = "=";
    }
    return switch (op) {
      case "=" -> exactOrRange(major, minor, patch, pre);
      case ">" -> patch != null ? v -> v.isGreaterThan(v(major, minor, patch, pre))
          : atLeast(minor == null ? v(major + 1, 0L, 0L, "") : v(major, minor + 1, 0L, ""));
      case ">=" -> atLeast(v(major, orZero(minor), orZero(patch), pre));
      case "<" -> below(v(major, orZero(minor), orZero(patch), pre));
      case "<=" -> patch != null ? v -> v.isLowerThanOrEqualTo(v(major, minor, patch, pre))
          : below(minor == null ? v(major + 1, 0L, 0L, "") : v(major, minor + 1, 0L, ""));
      case "~" -> minor == null ? exactOrRange(major, null, null, "")
          : between(v(major, minor, orZero(patch), pre), v(major, minor + 1, 0L, ""));
      default -> caret(major, minor, patch, pre);
    };
  }

  private static Predicate<Semver> caret(long major, Long minor, Long patch, String pre) {
    if (minor == null) {
      return exactOrRange(major, null, null, "");
    }
    Semver lower = v(major, minor, orZero(patch), pre);
    if (major > 0) {
      return between(lower, v(major + 1, 0L, 0L, ""));
    }
    if (minor > 0 || patch == null) {
      return between(lower, v(0L, minor + 1, 0L, ""));
    }
    return between(lower, v(0L, 0L, patch + 1, ""));
  }

  private static Predicate<Semver> exactOrRange(long major, Long minor, Long patch, String pre) {
    if (patch != null) {
      Semver exact = v(major, minor, patch, pre);
      return v -> v.isEqualTo(exact);
    }
    return minor != null
        ? between(v(major, minor, 0L, ""), v(major, minor + 1, 0L, ""))
        : between(v(major, 0L, 0L, ""), v(major + 1, 0L, 0L, ""));
  }

  private static Predicate<Semver> between(Semver lower, Semver upperExclusive) {
    return atLeast(lower).and(below(upperExclusive));
  }

  private static Predicate<Semver> atLeast(Semver lower) {
    return v -> v.isGreaterThanOrEqualTo(lower);
  }

  private static Predicate<Semver> below(Semver upperExclusive) {
    return v -> v.isLowerThan(upperExclusive);
  }

  private static Semver v(long major, long minor, long patch, String pre) {
    return Semver.parse(major + "." + minor + "." + patch + pre);
  }

  private static Long number(String part) {
    return part == null || isWildcard(part) ? null : Long.parseLong(part);
  }

  private static long orZero(Long part) {
    return part == null ? 0L : part;
  }

  private static boolean isWildcard(String part) {
    return part != null && (part.equals("*") || part.equalsIgnoreCase("x"));
  }
}
