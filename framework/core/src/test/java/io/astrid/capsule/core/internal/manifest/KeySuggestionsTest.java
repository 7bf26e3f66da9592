package io.astrid.capsule.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {
  private static final Set<String> KEYS = PackageSection.KEYS;

  @Test
  void aTypoGetsTheClosestKey() {
    assertEquals("unknown key \"verison\", did you mean \"version\"?", KeySuggestions.unknownKey("verison", KEYS));
    assertEquals("unknown key \"licence\", did you mean \"license\"?", KeySuggestions.unknownKey("licence", KEYS));
    assertEquals("unknown key \"Name\", did you mean \"name\"?", KeySuggestions.unknownKey("Name", KEYS));
    assertEquals("unknown key \"astrid_version\", did you mean \"astrid-version\"?",
        KeySuggestions.unknownKey("astrid_version", KEYS));
  }

  @Test
  void aKeyFarFromEveryKnownOneGetsNoSuggestion() {
    assertEquals("unknown key \"colour\"", KeySuggestions.unknownKey("colour", KEYS));
    assertEquals("unknown key \"x\"", KeySuggestions.unknownKey("x", KEYS));
  }
}
