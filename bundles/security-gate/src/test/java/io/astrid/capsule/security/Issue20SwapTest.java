package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.security.WorkspaceFileException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, finding 1: a directory of the workspace is exchanged with a link to outside, atomically
 * ({@code renameat2} with {@code RENAME_EXCHANGE}), in a loop, while the guest-facing file
 * operations read, write, create directories and delete under it — for a bounded time (3 s, or
 * {@code -Dissue20.swap.seconds=N}). Zero escapes: nothing read from outside, nothing created,
 * changed or deleted there.
 */
class Issue20SwapTest {
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("issue20.swap.seconds", 3));
  private static final int AT_FDCWD = -100;
  private static final int RENAME_EXCHANGE = 2;

  @TempDir
  Path temp;

  @Test
  void finding1_aDirectorySwappedWithALinkToOutsideNeverLeadsThere() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("workspace")).toRealPath();
    Path outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
    Files.writeString(outside.resolve("f"), "secret");
    Path data = Files.createDirectories(workspace.resolve("data"));
    Files.writeString(data.resolve("f"), "inside");
    Path swap = Files.createSymbolicLink(workspace.resolve("swap"), outside);
    MethodHandle renameat2 = renameat2();
    SecuritySubject subject = new SecuritySubject("swapper", TestSubjects.manifest(List.of(), List.of("data"),
        List.of("data"), List.of(), List.of()), workspace);
    DefaultSecurityGate gate = new DefaultSecurityGate(temp.resolve("state"));

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong swaps = new AtomicLong();
    Thread swapper = Thread.ofPlatform().start(() -> {
      try (Arena arena = Arena.ofConfined()) {
        var from = arena.allocateFrom(data.toString());
        var to = arena.allocateFrom(swap.toString());
        while (running.get()) {
          int result = (int) renameat2.invokeExact(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
          if (result == 0) {
            swaps.incrementAndGet();
          }
        }
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    });
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    long escapes = 0;
    long deadline = System.nanoTime() + RUN.toNanos();
    try {
      for (long i = 0; System.nanoTime() < deadline; i++) {
        escapes += attempt(() -> {
          String read = new String(gate.read(subject, "data/f", 100), StandardCharsets.UTF_8);
          return read.equals("inside") ? 0 : 1;
        }, outcomes);
        String name = "w" + (i % 4);
        String directory = "data/d" + (i % 4) + "/sub";
        attempt(() -> {
          gate.write(subject, "data/" + name, "guest".getBytes(StandardCharsets.UTF_8));
          return 0;
        }, outcomes);
        attempt(() -> {
          gate.createDirectories(subject, directory);
          return 0;
        }, outcomes);
        attempt(() -> {
          gate.delete(subject, "data/" + name);
          return 0;
        }, outcomes);
      }
    } finally {
      running.set(false);
      swapper.join();
      gate.deactivate();
    }

    try (var left = Files.list(outside)) {
      assertEquals(List.of(outside.resolve("f")), left.toList(), "nothing created or deleted outside");
    }
    assertEquals("secret", Files.readString(outside.resolve("f")));
    assertEquals(0, escapes, "reads of an outside file");
    String measured = swaps.get() + " swaps, outcomes " + outcomes;
    assertTrue(swaps.get() > 0 && outcomes.containsKey("ok"), measured);
    System.out.println("Issue20SwapTest: " + RUN.toSeconds() + " s, " + measured);
  }

  private interface Attempt {
    int run();
  }

  /** The escapes one attempt made (0 or 1); a failed call is counted by its reason and made none. */
  private static int attempt(Attempt attempt, Map<String, LongAdder> outcomes) {
    String outcome;
    int escaped = 0;
    try {
      escaped = attempt.run();
      outcome = "ok";
    } catch (WorkspaceFileException e) {
      outcome = e.denied() ? "denied" : e.problem().replaceAll(" \\(.*", "");
    }
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    return escaped;
  }

  private static MethodHandle renameat2() {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(linker.defaultLookup().find("renameat2").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  }
}
