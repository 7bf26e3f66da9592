package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.core.internal.host.MvStoreKeyValueStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 2: writes acknowledged to their caller were lost when the JVM was SIGKILLed
 * (81 of 61,180 key-value writes over 50 kills; 1 of 541 "always" answers over 20 kills).
 *
 * <p>A child JVM ({@link AcknowledgingWriter}) writes from four threads and records each key once its
 * write returned; this test SIGKILLs it at a random moment, starts it again, and at the end checks
 * that every recorded key is in the file. It runs with {@code -Psoak} only (50 kills each, some
 * minutes; {@code -Dastrid.soak.kills=N} changes that). The key-value store is tested here beside the
 * answers because this module sees both (the gate copies core's store privately).
 */
@Tag("soak")
class Issue13Finding2Test {
  static final String CAPSULE = "soak";
  private static final int KILLS = Integer.getInteger("astrid.soak.kills", 50);
  /** How long a child writes before it is killed, at most; at least a tenth of it. */
  private static final int MAX_WRITING_MS = 1_500;
  private static final long SEED = System.nanoTime();

  @TempDir
  Path state;

  static ApprovalKey approvalKey(String key) {
    return new ApprovalKey(CAPSULE, "net", key + ".example");
  }

  @Test
  void finding2_acknowledgedKeyValueWritesSurviveSigkill() throws Exception {
    Path file = state.resolve("kv.mv.db");
    List<String> acknowledged = killRepeatedly("kv", file);
    try (MvStoreKeyValueStore kv = new MvStoreKeyValueStore(file)) {
      report("kv", acknowledged, key -> kv.get(CAPSULE, key)
          .map(value -> new String(value, UTF_8).equals(key)).orElse(false));
    }
  }

  @Test
  void finding2_acknowledgedAlwaysAnswersSurviveSigkill() throws Exception {
    Path file = state.resolve("approvals.mv.db");
    List<String> acknowledged = killRepeatedly("answers", file);
    try (PersistentAnswers answers = new PersistentAnswers(file)) {
      report("answers", acknowledged, key -> answers.get(approvalKey(key)).equals(Optional.of(ApprovalAnswer.ALWAYS)));
    }
  }

  private static void report(String store, List<String> acknowledged, Predicate<String> present) {
    List<String> missing = acknowledged.stream().filter(present.negate()).toList();
    long lost = missing.size();
    long found = acknowledged.size() - lost;
    System.out.printf("issue 13 soak [%s]: kills=%d acknowledged=%d present=%d lost=%d (seed %d)%s%n",
        store, KILLS, acknowledged.size(), found, lost, SEED, lost == 0 ? "" : "; lost: " + missing);
    assertTrue(acknowledged.size() > KILLS, "too few writes acknowledged: " + acknowledged.size());
    assertEquals(0, lost, "acknowledged writes lost after SIGKILL");
  }

  /** Starts the writer, kills it with SIGKILL at a random moment, KILLS times; the keys it acknowledged. */
  private List<String> killRepeatedly(String store, Path file) throws Exception {
    Random random = new Random(SEED);
    List<String> acknowledged = new ArrayList<>();
    for (int round = 0; round < KILLS; round++) {
      Path record = state.resolve(store + "-acknowledged-" + round + ".txt");
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), AcknowledgingWriter.class.getName(), store,
          file.toString(), Integer.toString(round), record.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        String first = out.readLine();
        if (!"ready".equals(first)) {
          child.destroyForcibly();
          throw new IllegalStateException("writer did not start: " + first);
        }
        long writingMs = MAX_WRITING_MS / 10 + random.nextInt(MAX_WRITING_MS);
        assertFalse(child.waitFor(writingMs, TimeUnit.MILLISECONDS), "the writer ended by itself");
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the writer outlived SIGKILL");
      }
      acknowledged.addAll(completeLines(Files.readString(record, UTF_8)));
    }
    return acknowledged;
  }

  /** Every line ended by a newline is an acknowledged key; the text after the last one was cut by the kill. */
  private static List<String> completeLines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    lines.removeLast();
    return lines;
  }
}
