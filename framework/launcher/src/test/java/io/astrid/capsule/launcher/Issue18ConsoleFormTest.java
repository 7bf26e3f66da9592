package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.security.ElicitationAnswer;
import io.astrid.capsule.api.security.ElicitationField;
import io.astrid.capsule.api.security.ElicitationRequest;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: an MCP server's form that no client can answer, at the console: the server's message
 * (escaped), then answer, decline or cancel, then each field read as its type; a value that does not
 * read is asked again; an empty line leaves an optional field out; the end of input cancels.
 */
class Issue18ConsoleFormTest {
  private static final String NL = System.lineSeparator();
  private static final ElicitationRequest FORM = new ElicitationRequest("1", "everything", "mcp server [everything]",
      "Please fill\u001b[2J in", List.of(
          new ElicitationField("name", "string", Optional.of("String"), Optional.of("Your name"), List.of(), true),
          new ElicitationField("check", "boolean", Optional.empty(), Optional.empty(), List.of(), false),
          new ElicitationField("integer", "integer", Optional.empty(), Optional.of("A number"), List.of(), false),
          new ElicitationField("pets", "array", Optional.empty(), Optional.empty(), List.of("cat", "dog"), false)));
  private static final String HEADER = "capsule [everything] mcp server [everything] asks: Please fill\\u001b[2J in"
      + NL + "Answer? [a]nswer, [d]ecline, [c]ancel: ";

  private static Optional<ElicitationAnswer> fill(String typed, StringWriter screen) {
    return new ConsoleApprover(new BufferedReader(new StringReader(typed)), new PrintWriter(screen))
        .fill(FORM, Duration.ofSeconds(5));
  }

  @Test
  void theHumanFillsTheFieldsInOneByOne() {
    StringWriter screen = new StringWriter();
    assertEquals(Optional.of(ElicitationAnswer.accept(Map.of("name", "Ada", "check", true, "pets",
        List.of("cat", "dog")))), fill("a\nAda\ny\n\ncat, dog\n", screen));
    assertEquals(HEADER + "name (string, required) - Your name: check (boolean: y or n): integer (integer) - A number: "
        + "pets (several of cat, dog, separated by commas): ", screen.toString());
  }

  @Test
  void aValueThatDoesNotReadIsAskedAgain() {
    StringWriter screen = new StringWriter();
    assertEquals(Optional.of(ElicitationAnswer.accept(Map.of("name", "Ada", "integer", 7L))),
        fill("answer\n\nAda\n\nseven\n7\n\n", screen));
    assertEquals(HEADER + "name (string, required) - Your name: please give string, required" + NL
        + "name (string, required) - Your name: check (boolean: y or n): integer (integer) - A number: please give"
        + " integer" + NL + "integer (integer) - A number: pets (several of cat, dog, separated by commas): ",
        screen.toString());
  }

  @Test
  void theHumanDeclinesOrTheInputEnds() {
    assertEquals(Optional.of(ElicitationAnswer.DECLINE), fill("d\n", new StringWriter()));
    assertEquals(Optional.of(ElicitationAnswer.CANCEL), fill("cancel\n", new StringWriter()));
    StringWriter screen = new StringWriter();
    assertEquals(Optional.empty(), fill("a\nAda\n", screen));
    assertEquals(HEADER + "name (string, required) - Your name: check (boolean: y or n): " + NL
        + "no answer: cancelled" + NL, screen.toString());
  }
}
