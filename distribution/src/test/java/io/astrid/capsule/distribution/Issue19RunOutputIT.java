package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.CapsuleCli.DISTRIBUTION;
import static io.astrid.capsule.distribution.CapsuleCli.STATE_OPTION;
import static io.astrid.capsule.distribution.CapsuleCli.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, {@code capsule run}'s output for people, through the assembled {@code bin/capsule}: a narrow
 * status table with a FAILED capsule's reason on its own line (and nowhere else), and each reload reported
 * once, in words.
 */
class Issue19RunOutputIT {
  private static final long LINE_TIMEOUT_SECONDS = 60;

  @TempDir
  Path temp;

  @Test
  void theTableKeepsReasonsOutOfItsColumnsAndEachReloadIsOneLine() throws Exception {
    Path root = temp.resolve("root");
    CapsuleCli.brokenWasm(root.resolve("broken"));
    Path hello = CapsuleCli.copyExample("hello-static", root.resolve("hello-static"));
    ProcessBuilder builder = new ProcessBuilder(DISTRIBUTION.resolve("bin/capsule").toString(), "run",
        root.toString()).directory(temp.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CAPSULE_JAVA_OPTS", STATE_OPTION);
    Process process = builder.start();
    List<String> all = new ArrayList<>();
    try {
      Lines lines = new Lines(process.inputReader(StandardCharsets.UTF_8), all);
      List<String> table = lines.until("running; watching for changes; press Ctrl-C to stop");
      String header = "CAPSULE       VERSION  STATE   ENGINES       TOOLS";
      int top = table.indexOf(header);
      assertTrue(top >= 0, table.toString());
      assertEquals(List.of(header,
          "broken        1.0.0    FAILED  static, wasm  0",
          "  " + CapsuleCli.BROKEN_WASM_REASON,
          "hello-static  0.1.0    READY   static        0"), table.subList(top, Math.min(top + 4, table.size())));
      // The reason once, below the row: not also in the progress line or a log line of the runtime's.
      assertTrue(table.contains("capsule broken: FAILED"), table.toString());
      assertEquals(1, table.stream().filter(line -> line.contains(CapsuleCli.BROKEN_WASM_REASON)).count(),
          table.toString());

      Path manifest = hello.resolve("Capsule.toml");
      Files.writeString(manifest, Files.readString(manifest).replace("version = \"0.1.0\"", "version = \"0.2.0\""));
      assertEquals("reload: hello-static replaced by version 0.2.0: READY", lines.next());

      // A new capsule with two errors, moved in whole so that the watcher sees it at once.
      Path staged = write(temp.resolve("staging/bad/Capsule.toml"), "[package]\nname = \"Bad_Name\"\n").getParent();
      Path bad = Files.move(staged, root.resolve("bad"), StandardCopyOption.ATOMIC_MOVE);
      assertEquals("reload: " + bad + " rejected: the manifest is invalid:", lines.next());
      List<String> errors = List.of(lines.next(), lines.next());
      assertTrue(errors.stream().allMatch(e -> e.startsWith("  " + bad.resolve("Capsule.toml") + ":")),
          errors.toString());

      Files.move(hello, temp.resolve("hello-static-gone"), StandardCopyOption.ATOMIC_MOVE);
      assertEquals("reload: hello-static removed", lines.next());
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
    // Each change once: the reload line, never the state changes it went through (READY -> READY).
    assertTrue(all.stream().noneMatch(line -> line.contains("->")), all.toString());
  }

  /** The process's lines, read on a thread of their own, so a test waits for each with a timeout. */
  private static final class Lines {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> seen;

    Lines(BufferedReader reader, List<String> seen) {
      this.seen = seen;
      Thread.ofVirtual().start(() -> {
        try (reader) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            queue.add(line);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    String next() throws InterruptedException {
      String line = queue.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no line within " + LINE_TIMEOUT_SECONDS + " s after " + seen);
      }
      seen.add(line);
      return line;
    }

    List<String> until(String last) throws InterruptedException {
      List<String> lines = new ArrayList<>();
      for (String line = next(); ; line = next()) {
        lines.add(line);
        if (line.equals(last)) {
          return lines;
        }
      }
    }
  }
}
