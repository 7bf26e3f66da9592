package io.astrid.capsule.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.api.watch.CapsuleChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a watch started before its root exists (a workspace without {@code .astrid/plugins})
 * notices the root when it is created, with the capsules made in it, and again after it was
 * deleted and made anew.
 */
class Issue19AbsentRootTest {
  private static final Duration DEBOUNCE = Duration.ofMillis(150);
  private static final long EVENT_TIMEOUT_MS = 10_000;

  @TempDir
  Path workspace;

  private final BlockingQueue<CapsuleChange> changes = new LinkedBlockingQueue<>();

  private CapsuleChange next() throws InterruptedException {
    CapsuleChange change = changes.poll(EVENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    if (change == null) {
      throw new AssertionError("no change reported within " + EVENT_TIMEOUT_MS + " ms");
    }
    return change;
  }

  private static Path capsule(Path root, String name) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("Capsule.toml"), "[package]\nname = \"" + name + "\"\nversion = \"1.0.0\"\n");
    return dir;
  }

  @Test
  void aRootCreatedAfterTheWatchStartedIsWatchedWithTheCapsulesAlreadyInIt() throws Exception {
    Path root = workspace.resolve(".astrid/plugins").toAbsolutePath();
    try (TreeWatch watch = new TreeWatch(List.of(new CapsuleRoot(root, RootScope.WORKSPACE)), changes::add,
        new TreeHasher(Set.of()), () -> DEBOUNCE)) {
      // mkdir -p with the capsule inside, all at once, as a user or an installer does it.
      Path first = capsule(root, "first");
      assertEquals(first, assertInstanceOf(CapsuleChange.Added.class, next()).directory());

      Path second = capsule(root, "second");
      assertEquals(second, assertInstanceOf(CapsuleChange.Added.class, next()).directory());
    }
  }

  @Test
  void aRootDeletedAndMadeAgainIsWatchedAgain() throws Exception {
    Path root = workspace.resolve("plugins").toAbsolutePath();
    Files.createDirectories(root);
    try (TreeWatch watch = new TreeWatch(List.of(new CapsuleRoot(root, RootScope.EXTRA)), changes::add,
        new TreeHasher(Set.of()), () -> DEBOUNCE)) {
      Files.delete(root);
      Path back = capsule(root, "back");
      assertEquals(back, assertInstanceOf(CapsuleChange.Added.class, next()).directory());
    }
  }
}
