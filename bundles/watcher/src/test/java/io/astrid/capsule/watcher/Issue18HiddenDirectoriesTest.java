package io.astrid.capsule.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.api.watch.CapsuleChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the watcher passes over a root's hidden directories as discovery does — install's
 * {@code .staging-*} directory and the {@code .replaced-*} copy it sets aside hold a
 * {@code Capsule.toml} for a moment, and a watcher that reported them would dock them — while an
 * ordinary directory, and a staged capsule renamed into place, are still added.
 *
 * <p>Each check ends with a change of an ordinary capsule made after the hidden ones: events are
 * settled one debounce after they happen, so a hidden directory's change, had it been reported,
 * would come before it.
 */
class Issue18HiddenDirectoriesTest {
  private static final Duration DEBOUNCE = Duration.ofMillis(150);
  private static final long EVENT_TIMEOUT_MS = 10_000;

  @TempDir
  Path root;

  private final BlockingQueue<CapsuleChange> changes = new LinkedBlockingQueue<>();
  private final TreeHasher hasher = new TreeHasher(Set.of(".git", "node_modules", "target"));
  private TreeWatch watch;

  @AfterEach
  void stopWatching() {
    watch.close();
  }

  private void startWatching() {
    watch = new TreeWatch(List.of(new CapsuleRoot(root, RootScope.WORKSPACE)), changes::add, hasher, () -> DEBOUNCE);
  }

  private CapsuleChange next() throws InterruptedException {
    CapsuleChange change = changes.poll(EVENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    if (change == null) {
      throw new AssertionError("no change reported within " + EVENT_TIMEOUT_MS + " ms");
    }
    return change;
  }

  private static Path capsule(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Capsule.toml"), "[package]\nname = \"" + name + "\"\nversion = \"1.0.0\"\n");
    return dir;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Test
  void aDotDirectoryHoldingACapsuleTomlIsNeverReportedAndAnOrdinaryOneIsAdded() throws Exception {
    startWatching();
    Path replaced = capsule(root.resolve(".replaced-probe-4242"), "probe");
    Path staged = capsule(root.resolve(".staging-123/probe"), "probe");
    Files.writeString(replaced.resolve("Capsule.toml"), "# edited\n", StandardOpenOption.APPEND);
    Path probe = capsule(root.resolve("ordinary"), "ordinary");
    assertEquals(new CapsuleChange.Added(probe, hasher.hash(probe)), next());

    delete(replaced);
    // Install's last step: the staged capsule renamed into the root under its own name.
    Path installed = Files.move(staged, root.resolve("probe"));
    assertEquals(new CapsuleChange.Added(installed, hasher.hash(installed)), next());
    delete(root.resolve(".staging-123"));
    Files.writeString(probe.resolve("guide.md"), "after the hidden ones");
    assertEquals(new CapsuleChange.Changed(probe, hasher.hash(probe)), next());
  }

  @Test
  void aDotDirectoryPresentAtTheStartIsNotKnownSoItsRemovalIsNotReported() throws Exception {
    Path hidden = capsule(root.resolve(".replaced-probe-4242"), "probe");
    Path probe = capsule(root.resolve("probe"), "probe");
    startWatching();

    delete(hidden);
    Files.writeString(probe.resolve("guide.md"), "after the hidden one");
    assertEquals(new CapsuleChange.Changed(probe, hasher.hash(probe)), next());
  }
}
