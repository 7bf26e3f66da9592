package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.distribution.CapsuleCli.Run;
import io.astrid.capsule.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's last stop: {@code lib/client.aot}, the AOT cache of bin/capsule's client JVM, was built once
 * and never again; once the distribution was updated the JVM dropped it on every run (saying so only with
 * its cache logging on, which bin/capsule turns off). Now a cache older than the script or a jar of
 * {@code lib/} is recorded again. Here with the JVM's cache messages back on (they go to standard output),
 * in an installation of the test's own whose jars it can replace, against a running runtime.
 */
class Issue14ClientAotCacheIT {
  private static final Duration CACHE_BUILT = Duration.ofSeconds(60);

  @TempDir
  Path temp;

  @Test
  void anUpdatedDistributionRecordsItsClientCacheAgainAndNeverMapsAStaleOne() throws Exception {
    Path root = CapsuleCli.copyExample("hello-static", temp.resolve("capsules/hello-static")).getParent();
    Path home = installation(temp.resolve("home"));
    Path cache = home.resolve("lib/client.aot");
    Map<String, String> environment = Map.of("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + temp.resolve("state")
        + " -Dcapsule.conf=" + temp.resolve("conf") + " -Xlog:aot=warning -Xlog:cds=warning");
    String[] inspect = {"inspect", "hello-static", "-r", root.toString()};
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, root)) {
      Run recording = CapsuleCli.capsuleOf(home, temp, environment, inspect);
      assertEquals(0, recording.exit(), recording::toString);
      List<String> shown = withoutJvmLines(recording.out());
      assertEquals("capsule:   hello-static 0.1.0", shown.getFirst(), recording::toString);
      Await.until(() -> Files.exists(cache), CACHE_BUILT, "the client's AOT cache " + cache + " is built");
      Run cached = CapsuleCli.capsuleOf(home, temp, environment, inspect);
      assertEquals(shown, cached.out(), "the cache is mapped without a word");

      // The update: a jar of lib/ replaced by a newer one (what a build or an upgrade does).
      Path jar = home.resolve("lib/capsule-launcher-0.1.0-SNAPSHOT.jar");
      Files.copy(jar, jar.resolveSibling("launcher.new"));
      Files.move(jar.resolveSibling("launcher.new"), jar, StandardCopyOption.REPLACE_EXISTING);
      FileTime updated = FileTime.fromMillis(System.currentTimeMillis());
      Files.setLastModifiedTime(jar, updated);
      Run afterUpdate = CapsuleCli.capsuleOf(home, temp, environment, inspect);
      assertEquals(0, afterUpdate.exit(), afterUpdate::toString);
      assertEquals(List.of(), afterUpdate.out().stream().filter(line -> line.contains("[error")
          || line.contains("not the one used while building")).toList(), "a stale cache is not mapped");
      assertEquals(shown, withoutJvmLines(afterUpdate.out()));
      Await.until(() -> modified(cache).compareTo(updated) > 0, CACHE_BUILT,
          "the client's AOT cache " + cache + " is built again after " + jar + " changed");
      Run rebuilt = CapsuleCli.capsuleOf(home, temp, environment, inspect);
      assertEquals(shown, rebuilt.out(), "the new cache is mapped without a word");
      assertTrue(runtime.isAlive());
    }
  }

  /**
   * The distribution's bin/capsule in {@code home} with a copy of the files of its {@code lib/} that the client
   * uses (the jars, java25.sh), so that the test can replace a jar and keep its cache to itself.
   */
  private static Path installation(Path home) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.copy(CapsuleCli.DISTRIBUTION.resolve("bin/capsule"), home.resolve("bin/capsule"));
    Files.createDirectories(home.resolve("lib"));
    try (Stream<Path> lib = Files.list(CapsuleCli.DISTRIBUTION.resolve("lib"))) {
      for (Path file : lib.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("client.aot"))
          .toList()) {
        Files.copy(file, home.resolve("lib").resolve(file.getFileName()));
      }
    }
    return home;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Standard output less the JVM's log lines ({@code [0.173s][warning][aot] ...}). */
  private static List<String> withoutJvmLines(List<String> out) {
    return out.stream().filter(line -> !line.matches("\\[\\d+\\.\\d+s\\]\\[.*")).toList();
  }
}
