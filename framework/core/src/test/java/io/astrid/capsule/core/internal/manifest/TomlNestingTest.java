package io.astrid.capsule.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tomlj.TomlPosition;

/** The nesting scan of issue 13, finding 6: what counts as a level, and what does not. */
class TomlNestingTest {
  @Test
  void sixtyFourLevelsAreAcceptedAndTheSixtyFifthIsRefusedAtItsBracket() {
    // x is level 1, its array 1, the arrays inside it 2, 3, ...
    assertEquals(Optional.empty(), TomlNesting.tooDeep("x = " + "[".repeat(64) + "]".repeat(64)));
    assertEquals(Optional.of(TomlPosition.positionAt(1, 69)),
        TomlNesting.tooDeep("x = " + "[".repeat(65) + "]".repeat(65)));
  }

  @Test
  void bracketsDotsAndQuotesInStringsAndCommentsCountForNothing() {
    String deep = "[".repeat(100);
    String text = "a = \"" + deep + " \\\" " + deep + "\"\n"
        + "b = '" + deep + "'\n"
        + "c = \"\"\"\n" + deep + "\n\"quoted\" \\\n" + deep + "\"\"\"\n"
        + "d = '''" + deep + "''''\n"
        + "# " + deep + "." .repeat(100) + "\n"
        + "\"" + ".".repeat(100) + "\" = 1\n"
        + "[table]\n"
        + "e = [1.5, 2.5, 1979-05-27T07:32:00Z] # floats and dates have dots, not levels\n";
    assertEquals(Optional.empty(), TomlNesting.tooDeep(text));
  }

  @Test
  void headerPartsDottedKeysAndInlineTablesAddUp() {
    // [t1.….t62] is level 62; k and its inline table 63; a and its array 64; an array in that 65.
    String header = "[t" + ".t".repeat(61) + "]\n";
    assertEquals(Optional.empty(), TomlNesting.tooDeep(header + "k = { a = [1] }\n"));
    assertEquals(Optional.of(TomlPosition.positionAt(2, 12)), TomlNesting.tooDeep(header + "k = { a = [[1]] }\n"));
    assertEquals(Optional.of(TomlPosition.positionAt(3, 4)), TomlNesting.tooDeep(header + "\n" + "k.a.b = 1\n"));
  }
}
