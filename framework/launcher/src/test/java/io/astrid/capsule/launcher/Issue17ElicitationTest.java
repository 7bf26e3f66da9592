package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 17: every prompt path of [env] elicitation, with scripted answers. */
class Issue17ElicitationTest {
  private static final EnvVar TOKEN = new EnvVar("TOKEN", EnvType.SECRET, Optional.of("Your API token"),
      Optional.of("used for every call"), Optional.empty());
  private static final EnvVar REGION = new EnvVar("REGION", EnvType.STRING, Optional.empty(),
      Optional.of("Where the data lives"), Optional.of("eu-west-1"));
  private static final EnvVar RETRIES = new EnvVar("RETRIES", EnvType.NUMBER, Optional.empty(), Optional.empty(),
      Optional.of(3L));
  private static final EnvVar VERBOSE = new EnvVar("VERBOSE", EnvType.BOOLEAN, Optional.of("Log every call?"),
      Optional.empty(), Optional.empty());
  private static final CapsuleManifest MANIFEST = CapsuleManifest.builder("probe", "1.0.0")
      .withEnv(TOKEN).withEnv(REGION).withEnv(RETRIES).withEnv(VERBOSE).build();

  private static Map<String, String> elicit(FakeInstallConsole console, Map<String, String> given,
      Set<String> stored) {
    return new Elicitation(console).elicit(MANIFEST, given, stored);
  }

  @Test
  void eachValueIsAskedWithItsRequestElseDescriptionElseNameAndTheSecretWithoutEcho() {
    FakeInstallConsole console = new FakeInstallConsole("s3cret", "us-east-1", "5", "true");
    assertEquals(Map.of("TOKEN", "s3cret", "REGION", "us-east-1", "RETRIES", "5", "VERBOSE", "true"),
        elicit(console, Map.of(), Set.of()));
    assertEquals(List.of(
        "secret: Your API token (TOKEN, secret): ",
        "ask: Where the data lives (REGION, string) [eu-west-1]: ",
        "ask: Value of RETRIES (RETRIES, number) [3]: ",
        "ask: Log every call? (VERBOSE, boolean): "), console.transcript);
  }

  @Test
  void anEmptyAnswerTakesTheDefaultWhichIsNotStored() {
    FakeInstallConsole console = new FakeInstallConsole("s3cret", "", "", "false");
    assertEquals(Map.of("TOKEN", "s3cret", "VERBOSE", "false"), elicit(console, Map.of(), Set.of()));
  }

  @Test
  void aWrongNumberOrBooleanOrAnEmptyRequiredAnswerIsAskedAgain() {
    FakeInstallConsole console = new FakeInstallConsole("", "s3cret", "", "three", "3.5", "yes", "true");
    assertEquals(Map.of("TOKEN", "s3cret", "RETRIES", "3.5", "VERBOSE", "true"), elicit(console, Map.of(), Set.of()));
    assertEquals(List.of(
        "secret: Your API token (TOKEN, secret): ",
        "tell:   a value is required",
        "secret: Your API token (TOKEN, secret): ",
        "ask: Where the data lives (REGION, string) [eu-west-1]: ",
        "ask: Value of RETRIES (RETRIES, number) [3]: ",
        "tell:   not a number; answer again",
        "ask: Value of RETRIES (RETRIES, number) [3]: ",
        "ask: Log every call? (VERBOSE, boolean): ",
        "tell:   not a boolean (true or false); answer again",
        "ask: Log every call? (VERBOSE, boolean): "), console.transcript);
  }

  @Test
  void givenValuesAreNotAskedAndStoredOnesAreKept() {
    FakeInstallConsole console = new FakeInstallConsole("false");
    assertEquals(Map.of("RETRIES", "7", "VERBOSE", "false"),
        elicit(console, Map.of("RETRIES", "7"), Set.of("TOKEN", "REGION")));
    assertEquals(List.of("ask: Log every call? (VERBOSE, boolean): "), console.transcript);
  }

  @Test
  void nonInteractiveWithEveryRequiredValueGivenAsksNothing() {
    FakeInstallConsole console = new FakeInstallConsole();
    assertEquals(Map.of("TOKEN", "t", "VERBOSE", "true"),
        elicit(console, Map.of("TOKEN", "t", "VERBOSE", "true"), Set.of()));
    assertEquals(List.of("ask: Where the data lives (REGION, string) [eu-west-1]: "), console.transcript,
        "the input has ended at the first question; the rest take their defaults");
  }

  @Test
  void whenTheInputEndsTheValuesWithoutDefaultAreNamed() {
    CapsuleException e = assertThrows(CapsuleException.class,
        () -> elicit(new FakeInstallConsole(), Map.of(), Set.of()));
    assertEquals("env values [TOKEN, VERBOSE] of capsule [probe]: no answer and no default; give them with"
        + " --env NAME=VALUE or --env-file FILE", e.getMessage());
  }

  @Test
  void aGivenValueOfTheWrongTypeOrAnUndeclaredNameIsRefusedWithoutItsValue() {
    CapsuleException wrong = assertThrows(CapsuleException.class,
        () -> elicit(new FakeInstallConsole(), Map.of("VERBOSE", "maybe"), Set.of()));
    assertEquals("--env [VERBOSE]: not a boolean (true or false)", wrong.getMessage());
    FakeInstallConsole console = new FakeInstallConsole("s3cret");
    assertThrows(CapsuleException.class, () -> elicit(console, Map.of("RETRIES", "many"), Set.of()));
    assertEquals(List.of(), console.transcript, "a wrong given value fails before any question");
    CapsuleException undeclared = assertThrows(CapsuleException.class,
        () -> elicit(new FakeInstallConsole(), Map.of("NOPE", "x"), Set.of()));
    assertEquals("--env [NOPE]: capsule [probe] declares no such value", undeclared.getMessage());
  }

  @Test
  void aSecretsDefaultIsNotShown() {
    EnvVar withDefault = new EnvVar("KEY", EnvType.SECRET, Optional.empty(), Optional.empty(), Optional.of("dflt"));
    assertEquals("Value of KEY (KEY, secret) [Enter: the default]: ", Elicitation.prompt(withDefault));
  }
}
