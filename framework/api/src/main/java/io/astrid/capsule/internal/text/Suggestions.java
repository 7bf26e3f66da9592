package io.astrid.capsule.internal.text;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "did you mean": the known word closest to a mistyped one, within a small edit distance. The one
 * implementation for manifest keys (the validator), capsule names and tool names (the launcher), so
 * that a typo gets the same help wherever it is made. Here, in the JDK-only API jar, because both the
 * core bundle and the launcher reach it; hence a plain Levenshtein distance rather than a library.
 */
public final class Suggestions {
  /** At most this many single-character edits apart, and less than half the longer word's length. */
  private static final int MAX_DISTANCE = 3;

  private Suggestions() {}

  /** {@code , did you mean "version"?} for {@code verison}, or nothing when no known word is close. */
  public static String didYouMean(String word, Collection<String> known) {
    return didYouMean(closest(word, known));
  }

  /** {@code , did you mean "version"?} for a word found some other way, or nothing for none. */
  public static String didYouMean(Optional<String> meant) {
    return meant.map(candidate -> ", did you mean \"" + candidate + "\"?").orElse("");
  }

  /** The known word nearest {@code word}, ties broken alphabetically; empty when none is within reach. */
  public static Optional<String> closest(String word, Collection<String> known) {
    return known.stream()
        .filter(candidate -> withinReach(word, candidate))
        .min(Comparator.comparingInt((String candidate) -> distance(word, candidate)).thenComparing(c -> c));
  }

  private static boolean withinReach(String word, String candidate) {
    int distance = distance(word, candidate);
    return distance >= 0 && distance * 2 < Math.max(word.length(), candidate.length());
  }

  /**
   * The edit distance, a swap of two neighbouring characters counting as one edit ({@code lsit} is one
   * step from {@code list}: optimal string alignment) and case differences as none ({@code Name} is one
   * step from nothing but {@code name}); -1 when it is over {@link #MAX_DISTANCE}. Words whose lengths
   * differ by more than that are not compared at all, so the table is never larger than the known
   * word's length squared, whatever was typed.
   */
  static int distance(String word, String candidate) {
    String a = word.toLowerCase(Locale.ROOT);
    String b = candidate.toLowerCase(Locale.ROOT);
    if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
      return -1;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()] > MAX_DISTANCE ? -1 : d[a.length()][b.length()];
  }
}
