package io.astrid.capsule.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, configuration live in every direction in our Karaf assembly while a capsule runs (one Karaf for the
 * class): a hand edit of {@code etc/PID.cfg} applies; a {@code config:*} command applies and is written to that file;
 * a hand edit made the moment after a command applies (fileinstall's write-back used to revert it); deleting the file
 * brings the defaults back; a bad value is logged with its PID, key and value and the gate keeps its last good
 * setting. Every setting is observed by what it does to {@code notes}' {@code note_save}: saved, denied by policy, or
 * denied when no human answers within {@code approval.timeout.ms}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class Issue16KarafSettingsIT {
  private static final Path ARCHIVE = Path.of(System.getProperty("capsule.karaf.archive"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration BOOT = Duration.ofSeconds(240);
  private static final Duration APPLIED = Duration.ofSeconds(60);
  private static final String PID = "io.astrid.capsule.security";
  private static final String READY = """
      CAPSULE  VERSION  STATE  ENGINES       TOOLS
      notes    0.1.0    READY  static, wasm  3
      """;

  private static Path directory;
  private static KarafProcess karaf;
  private static final AtomicInteger NOTES = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    directory = Files.createTempDirectory("issue16-karaf-settings");
    Path roots = Files.createDirectories(directory.resolve("roots"));
    KarafProcess.copy(EXAMPLES.resolve("notes"), roots.resolve("notes"));
    karaf = KarafProcess.start(ARCHIVE, directory, "roots = " + roots + "\n");
    karaf.shellUntil("capsule:list", READY::equals, BOOT);
  }

  @AfterAll
  static void stop() throws Exception {
    KarafProcess.stop(karaf, directory);
  }

  @Test
  @Order(1)
  void aHandEditOfTheEtcFileApplies() throws Exception {
    assertTrue(saves(), "the shipped approval.fs_write = allow");
    edit("approval.fs_write", "deny");
    awaitDenied("denied: approval.fs_write=deny");
  }

  @Test
  @Order(2)
  void aConfigCommandAppliesAndIsWrittenToTheEtcFile() throws Exception {
    assertEquals("", karaf.shell("config:property-set -p " + PID + " approval.fs_write allow"));
    karaf.until(Issue16KarafSettingsIT::saves, APPLIED, () -> "note_save still denied after config:property-set");
    // Karaf wrote the value into the file, the other keys and the comments kept.
    String file = file();
    assertTrue(file.contains("\napproval.fs_write = allow\n"), file);
    assertTrue(file.contains("\napproval.timeout.ms = 120000\n"), file);
    assertTrue(file.startsWith("# The security gate (docs/security.md)."), file);
  }

  /**
   * The defect of issue 16: fileinstall wrote the command's values back to the file on Config Admin's event thread,
   * after the command had written it; a hand edit in between was reverted and never applied. Here the hand edit
   * lands the moment the command's own write does, three times: the command sets {@code allow} over {@code deny},
   * the hand edit {@code ask}, whose effect (no human answers within 2 s) neither of the others has.
   */
  @Test
  @Order(3)
  void aHandEditTheMomentAfterAConfigCommandApplies() throws Exception {
    edit("approval.timeout.ms", "2000");
    for (int round = 0; round < 3; round++) {
      edit("approval.fs_write", "deny");
      awaitDenied("denied: approval.fs_write=deny");
      CompletableFuture<String> command = CompletableFuture.supplyAsync(() -> shell(
          "config:property-set -p " + PID + " approval.fs_write allow"));
      // Spins on the file itself: the command's write is the event to follow, and it gives no other signal.
      while (!file().contains("\napproval.fs_write = allow\n")) {
        assertFalse(command.isDone() && !file().contains("\napproval.fs_write = allow\n"),
            () -> "config:property-set wrote no allow: " + command.join() + file());
        Thread.onSpinWait();
      }
      edit("approval.fs_write", "ask");
      assertEquals("", command.get(60, TimeUnit.SECONDS));
      awaitDenied("denied: no answer within 2 s");
      assertTrue(file().contains("\napproval.fs_write = ask\n"), "the hand edit stays in the file:\n" + file());
    }
  }

  @Test
  @Order(4)
  void deletingTheFileBringsTheDefaultsBack() throws Exception {
    edit("approval.fs_write", "deny");
    awaitDenied("denied: approval.fs_write=deny");
    Files.delete(etc());
    karaf.until(Issue16KarafSettingsIT::saves, APPLIED, () -> "note_save denied after the file was deleted");
    assertEquals("", karaf.shell("config:list '(service.pid=" + PID + ")'"), "the configuration is gone");
  }

  /**
   * A value of the wrong type, one below its minimum and one outside its options: each is logged with PID, key and
   * value, and the gate keeps its last good value (a 2 s wait for a human, not the 120 s default: no human answers in
   * Karaf here, and the call's denial says how long it waited). The capsule stays READY.
   */
  @Test
  @Order(5)
  void aBadValueIsLoggedWithPidKeyAndValueAndTheLastGoodSettingStays() throws Exception {
    Files.writeString(etc(), "approval.fs_write = ask\napproval.timeout.ms = 2000\n");
    awaitDenied("denied: no answer within 2 s");
    for (List<String> bad : List.of(
        List.of("approval.timeout.ms", "soon", "invalid value (a long); approval.timeout.ms stays 2000"),
        List.of("approval.timeout.ms", "-5", "less than minimum (a long); approval.timeout.ms stays 2000"),
        List.of("approval.fs_write", "maybe", "not a valid option (one of allow, ask, deny); approval.fs_write stays"
            + " ask"))) {
      edit(bad.get(0), bad.get(1));
      String logged = "setting not applied [" + PID + " " + bad.get(0) + "=" + bad.get(1) + "]: " + bad.get(2);
      karaf.until(() -> log().contains(logged), APPLIED, () -> "no [" + logged + "] in karaf.log");
      awaitDenied("denied: no answer within 2 s");
      edit(bad.get(0), bad.get(0).equals("approval.fs_write") ? "ask" : "2000");
    }
    assertFalse(log().contains("The modified method has thrown an exception"), "the gate never failed on a value");
    assertEquals(READY, karaf.shell("capsule:list"));
  }

  /** Calls note_save with a new name: true when the note was written, false when the gate denied it. */
  private static boolean saves() throws IOException, InterruptedException {
    String name = "n" + NOTES.incrementAndGet();
    String printed = karaf.shell("capsule:call capsule:notes:note_save '{\"name\": \"" + name
        + "\", \"text\": \"t\"}'");
    boolean saved = Files.exists(karaf.home().resolve("notes/" + name + ".md"));
    if (saved) {
      assertEquals("saved notes/" + name + ".md\n", printed);
    }
    // A denial is told by the gate's log line (awaitDenied): bin/client -b does not show what the command wrote to
    // its error stream.
    return saved;
  }

  /** Waits until note_save is denied and the gate logged {@code reason} for it. */
  private static void awaitDenied(String reason) throws Exception {
    karaf.until(() -> {
      int before = count(reason);
      return !saves() && count(reason) > before;
    }, APPLIED, () -> "note_save not denied with [" + reason + "]");
  }

  private static int count(String text) {
    return (int) log().lines().filter(line -> line.contains(text)).count();
  }

  private static String log() {
    try {
      return Files.readString(karaf.home().resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path etc() {
    return karaf.home().resolve("etc/" + PID + ".cfg");
  }

  private static String file() {
    try {
      return Files.exists(etc()) ? Files.readString(etc(), StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets {@code key} in the file as an editor does: the whole file written anew, through a rename. */
  private static void edit(String key, String value) throws IOException {
    List<String> lines = file().lines().filter(line -> !line.matches(Pattern.quote(key) + "\\s*=.*")).toList();
    Path next = etc().resolveSibling(PID + ".cfg.edit");
    Files.write(next, Stream.concat(lines.stream(), Stream.of(key + " = " + value)).toList(),
        StandardCharsets.ISO_8859_1);
    Files.move(next, etc(), StandardCopyOption.ATOMIC_MOVE);
  }

  private static String shell(String command) {
    try {
      return karaf.shell(command);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("bin/client [" + command + "] failed", e);
    }
  }
}
