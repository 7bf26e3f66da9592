package io.astrid.capsule.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher on a real directory tree, with a short debounce. */
class TreeWatchTest {
  private static final Duration DEBOUNCE = Duration.ofMillis(150);
  private static final long EVENT_TIMEOUT_MS = 10_000;

  @TempDir
  Path root;

  private final BlockingQueue<CapsuleChange> changes = new LinkedBlockingQueue<>();
  private final TreeHasher hasher = new TreeHasher(Set.of(".git", "node_modules", "target"));
  private TreeWatch watch;
  private Path capsule;

  @BeforeEach
  void startWatching() throws IOException {
    capsule = Files.createDirectories(root.resolve("static-one"));
    Files.writeString(capsule.resolve("Capsule.toml"), "[package]\nname = \"static-one\"\nversion = \"1.0.0\"\n");
    Files.writeString(capsule.resolve("guide.md"), "v1");
    watch = new TreeWatch(List.of(new CapsuleRoot(root, RootScope.EXTRA)), changes::add, hasher, () -> DEBOUNCE);
  }

  @AfterEach
  void stopWatching() {
    watch.close();
  }

  private CapsuleChange next() throws InterruptedException {
    CapsuleChange change = changes.poll(EVENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    if (change == null) {
      throw new AssertionError("no change reported within " + EVENT_TIMEOUT_MS + " ms");
    }
    return change;
  }

  /** Nothing more within several debounce periods. */
  private void assertQuiet() throws InterruptedException {
    assertNull(changes.poll(DEBOUNCE.toMillis() * 4, TimeUnit.MILLISECONDS));
  }

  @Test
  void issue20Finding11_aCapsuleLinkedFromOutsideTheRootIsFailedNeverAdded(@TempDir Path elsewhere)
      throws Exception {
    Path red = Files.createDirectories(elsewhere.resolve("red"));
    Files.writeString(red.resolve("Capsule.toml"), "[package]\nname = \"red\"\nversion = \"1.0.0\"\n");
    Files.createSymbolicLink(root.resolve("red"), red);

    assertEquals(new CapsuleChange.Failed(root.resolve("red"), "capsule directory [" + root.resolve("red")
        + "] refused: it is a symbolic link to [" + red.toRealPath() + "], outside the root [" + root.toRealPath()
        + "]"), next());
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

  /**
   * Issue 18: install's {@code .staging-*} directory and the {@code .replaced-*} copy it sets aside
   * hold a Capsule.toml for a moment; the watcher passes a root's hidden directories over as
   * discovery does, while an ordinary directory and the staged capsule renamed into place are added.
   * Each step ends with a change made after the hidden ones: settled one debounce after its events,
   * a hidden directory's change, had it been reported, would come first.
   */
  @Test
  void issue18_aDotDirectoryHoldingACapsuleTomlIsNeverReportedAndAnOrdinaryOneIsAdded() throws Exception {
    Path replaced = capsule(root.resolve(".replaced-probe-4242"), "probe");
    Path staged = capsule(root.resolve(".staging-123/probe"), "probe");
    Files.writeString(replaced.resolve("Capsule.toml"), "# edited\n", StandardOpenOption.APPEND);
    Path ordinary = capsule(root.resolve("ordinary"), "ordinary");
    assertEquals(new CapsuleChange.Added(ordinary, hasher.hash(ordinary)), next());

    delete(replaced);
    Path installed = Files.move(staged, root.resolve("probe"));
    assertEquals(new CapsuleChange.Added(installed, hasher.hash(installed)), next());
    delete(root.resolve(".staging-123"));
    Files.writeString(capsule.resolve("guide.md"), "after the hidden ones");
    assertEquals(new CapsuleChange.Changed(capsule, hasher.hash(capsule)), next());
  }

  /** Issue 18: a hidden directory there when the watch starts is not known, so its removal is not reported. */
  @Test
  void issue18_aDotDirectoryPresentAtTheStartIsNotKnownSoItsRemovalIsNotReported() throws Exception {
    watch.close();
    Path hidden = capsule(root.resolve(".replaced-probe-4242"), "probe");
    watch = new TreeWatch(List.of(new CapsuleRoot(root, RootScope.EXTRA)), changes::add, hasher, () -> DEBOUNCE);

    delete(hidden);
    Files.writeString(capsule.resolve("guide.md"), "after the hidden one");
    assertEquals(new CapsuleChange.Changed(capsule, hasher.hash(capsule)), next());
  }

  @Test
  void anEditIsOneChangeWithTheNewHashAndRewritingTheSameContentIsNone() throws Exception {
    Files.writeString(capsule.resolve("guide.md"), "v2");
    assertEquals(new CapsuleChange.Changed(capsule, hasher.hash(capsule)), next());

    Files.writeString(capsule.resolve("guide.md"), "v2");
    assertQuiet();
  }

  @Test
  void addingRenamingAndDeletingFilesAreChangesAndAWasmEditIsOne() throws Exception {
    Files.createDirectories(capsule.resolve("bin"));
    Files.write(capsule.resolve("bin/guest.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    assertInstanceOf(CapsuleChange.Changed.class, next());
    Files.write(capsule.resolve("bin/guest.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 0});
    assertInstanceOf(CapsuleChange.Changed.class, next());
    Files.move(capsule.resolve("guide.md"), capsule.resolve("renamed.md"));
    assertInstanceOf(CapsuleChange.Changed.class, next());
    Files.delete(capsule.resolve("renamed.md"));
    assertEquals(new CapsuleChange.Changed(capsule, hasher.hash(capsule)), next());
    assertQuiet();
  }

  @Test
  void aBurstOfAHundredWritesIsOneChange() throws Exception {
    for (int i = 0; i < 100; i++) {
      Files.writeString(capsule.resolve("burst-" + (i % 10) + ".md"), "write " + i);
    }
    assertEquals(new CapsuleChange.Changed(capsule, hasher.hash(capsule)), next());
    assertQuiet();
  }

  @Test
  void aNewCapsuleDirectoryIsAddedEvenWhenItsFilesComeAtOnceAndRemovedWhenItGoes() throws Exception {
    Path fresh = Files.createDirectories(root.resolve("fresh/docs/deep"));
    Files.writeString(fresh.resolve("page.md"), "deep page");
    Path dir = root.resolve("fresh");
    Files.writeString(dir.resolve("Capsule.toml"), "[package]\nname = \"fresh\"\nversion = \"1.0.0\"\n");
    assertEquals(new CapsuleChange.Added(dir, hasher.hash(dir)), next());

    Files.writeString(fresh.resolve("page.md"), "edited deep page");
    assertInstanceOf(CapsuleChange.Changed.class, next(), "directories created after the start are watched");

    Files.delete(dir.resolve("Capsule.toml"));
    assertEquals(new CapsuleChange.Removed(dir), next());
  }

  @Test
  void ignoredDirectoriesAreNotWatchedAndDeletingACapsuleRemovesIt() throws Exception {
    Files.createDirectories(capsule.resolve("node_modules/pkg"));
    Files.writeString(capsule.resolve("node_modules/pkg/index.js"), "noise");
    Files.writeString(capsule.resolve("node_modules/pkg/index.js"), "more noise");
    assertQuiet();

    try (var paths = Files.walk(capsule)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertEquals(new CapsuleChange.Removed(capsule), next());
  }
}
