package io.astrid.capsule.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.TestCapsules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: in Karaf's console, a call of server-everything's {@code trigger-elicitation-request} (one SSH session)
 * has no client that could answer the server's form, so it waits in the approval queue
 * ({@code etc/io.astrid.capsule.security.queue.cfg}); another session lists it with {@code capsule:approvals} and
 * answers it, and the server gets exactly the values given.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class Issue18KarafFormsIT {
  private static final Path ARCHIVE = Path.of(System.getProperty("capsule.karaf.archive"));
  private static final Duration BOOT = Duration.ofSeconds(240);
  private static final Pattern FORM = Pattern.compile("form ([0-9a-f-]{36}): capsule \\[everything\\] mcp server"
      + " \\[everything\\] asks: Please provide inputs for the following fields:\n  name \\(string, required\\) -"
      + " Your full, legal name\n");

  @Test
  void issue18_karafsApprovalsListsAndAnswersAServersForm(@TempDir Path directory) throws Exception {
    Path roots = Files.createDirectories(directory.resolve("roots/everything")).getParent();
    Files.writeString(roots.resolve("everything/Capsule.toml"), TestCapsules.everythingManifest());
    try (KarafProcess karaf = KarafProcess.start(ARCHIVE, directory, "roots = " + roots + "\n")) {
      karaf.shellUntil("capsule:list", out -> out.contains("everything  1.0.0    READY"), BOOT);
      CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
        try {
          return karaf.shell("capsule:call capsule:everything:trigger-elicitation-request");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      String listed = karaf.shellUntil("capsule:approvals", out -> FORM.matcher(out).find(), Duration.ofSeconds(20));
      assertTrue(listed.startsWith("no approval request is pending\n"), listed);
      Matcher form = FORM.matcher(listed);
      assertTrue(form.find(), listed);
      String id = form.group(1);

      assertEquals("Error executing command: form [" + id + "] field [check] value [maybe] unreadable: give boolean:"
          + " y or n\n", karaf.shell("capsule:approvals " + id + " accept 'name=Ada Lovelace' check=maybe"));
      assertEquals("answered form " + id + ": accept\n",
          karaf.shell("capsule:approvals " + id + " accept 'name=Ada Lovelace' check=y"));
      String result = call.get(60, TimeUnit.SECONDS);
      assertTrue(result.contains("- Name: Ada Lovelace\n- Agreed to terms: true\n"), result);
    }
  }
}
