package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.CapsuleCli.quoted;
import static io.astrid.capsule.distribution.CapsuleCli.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the repository's {@code ./capsule} when its first build is interrupted or fails. The script
 * runs for real, in a copy of the repository's scripts whose {@code build} is a stand-in for Maven: a long
 * step that ends as Maven does on Ctrl-C (exit 130), or a build that fails. Ctrl-C is typed into a real
 * terminal (tmux, on a server of its own).
 */
class Issue19InterruptIT {
  private static final Path SCRIPT = Path.of(System.getProperty("capsule.script"));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path temp;

  @Test
  void ctrlCDuringTheFirstBuildExits130AndDoesNotSayTheBuildFailed() throws Exception {
    Path repository = repository("""
        touch "$(dirname "$0")/build-started"
        trap 'exit 130' INT
        tail -f /dev/null &
        wait $!
        """);
    String line = "export JAVA_HOME=" + quoted(System.getProperty("java.home")) + "; ./capsule list; echo \"exit=$?\"";
    try (Terminal terminal = Terminal.start(repository, 120, 20, line)) {
      Await.until(() -> Files.exists(repository.resolve("build-started")), TIMEOUT, "the build to start");
      assertTrue(terminal.screen().contains("capsule: building the runtime from source"), terminal.screen());
      terminal.type("C-c");
      String screen = terminal.await(s -> s.contains("exit="), TIMEOUT);
      assertTrue(screen.contains("capsule: interrupted; the runtime was not built (the next run builds it).\nexit=130"),
          screen);
      assertFalse(screen.contains("build failed"), screen);
      assertFalse(Files.exists(repository.resolve("distribution/target/capsule/.built")), "nothing claims a build");
    }
  }

  @Test
  void aFailedBuildShowsItsOutputAndExits5() throws Exception {
    Path repository = repository("""
        echo "[ERROR] COMPILATION ERROR in a stand-in module"
        exit 1
        """);
    Process process = new ProcessBuilder(repository.resolve("capsule").toString(), "list")
        .directory(repository.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(5, process.exitValue(), output);
    assertEquals(List.of("capsule: building the runtime from source (first use takes a minute or two)...",
        "[ERROR] COMPILATION ERROR in a stand-in module", "capsule: the build failed; the output is above."),
        output.lines().toList());
  }

  /** ./capsule and the scripts it sources, with {@code buildBody} as its build. */
  private Path repository(String buildBody) throws IOException {
    Path repository = temp.resolve("repository");
    Files.createDirectories(repository.resolve("scripts"));
    Files.copy(SCRIPT, repository.resolve("capsule"));
    Files.copy(SCRIPT.resolveSibling("scripts/java25.sh"), repository.resolve("scripts/java25.sh"));
    write(repository.resolve("build"), "#!/usr/bin/env bash\n# Stands in for ./build package (Issue19InterruptIT).\n"
        + buildBody);
    for (String executable : List.of("capsule", "build")) {
      Files.setPosixFilePermissions(repository.resolve(executable), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return repository;
  }
}
