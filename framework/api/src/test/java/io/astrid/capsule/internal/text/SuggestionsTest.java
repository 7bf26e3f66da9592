package io.astrid.capsule.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final Set<String> KEYS = Set.of("name", "version", "description", "authors", "repository",
      "homepage", "documentation", "license", "readme", "keywords", "categories", "astrid-version");

  @Test
  void aTypoGetsTheClosestWord() {
    assertEquals(", did you mean \"version\"?", Suggestions.didYouMean("verison", KEYS));
    assertEquals(", did you mean \"license\"?", Suggestions.didYouMean("licence", KEYS));
    assertEquals(", did you mean \"name\"?", Suggestions.didYouMean("Name", KEYS));
    assertEquals(", did you mean \"astrid-version\"?", Suggestions.didYouMean("astrid_version", KEYS));
    assertEquals(", did you mean \"hello-static\"?", Suggestions.didYouMean("hello_static",
        Set.of("hello-static", "notes", "knowledge-graph")));
  }

  @Test
  void aWordFarFromEveryKnownOneGetsNoSuggestion() {
    assertEquals("", Suggestions.didYouMean("colour", KEYS));
    assertEquals("", Suggestions.didYouMean("x", KEYS));
    assertEquals("", Suggestions.didYouMean("anything", Set.of()));
  }

  @Test
  void theDistanceCountsEditsAndSwapsUpToThree() {
    assertEquals(0, Suggestions.distance("Name", "name"));
    assertEquals(1, Suggestions.distance("verison", "version"), "a swap of neighbours is one edit");
    assertEquals(1, Suggestions.distance("lsit", "list"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
    assertEquals(-1, Suggestions.distance("abcdefgh", "zyxwvuts"));
    assertEquals(-1, Suggestions.distance("a", "abcde"));
  }
}
