package io.astrid.capsule.core.internal.manifest;

import java.util.Comparator;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "did you mean" for unknown keys: the closest known key within a small edit distance. */
final class KeySuggestions {
  /** At most this many single-character edits apart, and less than half the key's length. */
  private static final int MAX_DISTANCE = 3;

  private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(MAX_DISTANCE);

  private KeySuggestions() {}

  /** {@code unknown key "verison", did you mean "version"?} or just {@code unknown key "x"}. */
  static String unknownKey(String key, Set<String> known) {
    return "unknown key \"" + key + "\"" + suggestion(key, known);
  }

  static String suggestion(String key, Set<String> known) {
    return known.stream()
        .filter(candidate -> withinReach(key, candidate))
        .min(Comparator.comparingInt((String candidate) -> distance(key, candidate)).thenComparing(c -> c))
        .map(candidate -> ", did you mean \"" + candidate + "\"?")
        .orElse("");
  }

  private static boolean withinReach(String key, String candidate) {
    int distance = distance(key, candidate);
    return distance >= 0 && distance * 2 < Math.max(key.length(), candidate.length());
  }

  /** Case differences count as no edit: {@code Name} is one step from nothing but {@code name}. */
  private static int distance(String key, String candidate) {
    return DISTANCE.apply(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
  }
}
