package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 and issue 16's live configuration: settings come from the shipped {@code conf/}, then the
 * user's {@code $ASTRID_HOME/conf/}, then the workspace's {@code .astrid/conf/}, key by key; {@code
 * capsule config} shows each and its file. An edit while {@code capsule run} serves takes effect in
 * place: Issue16LiveSettingsIT.
 */
class Issue19SettingsIT {
  private static final String SECURITY = "io.astrid.capsule.security.cfg";
  private static final String DENIED = "host_process [node] denied: approval.host_process=deny";

  @TempDir
  Path temp;

  private Path workspace;
  private Path home;
  private CapsuleProcess capsule;

  @BeforeEach
  void directories() throws IOException {
    workspace = Files.createDirectories(temp.resolve("workspace"));
    home = temp.resolve("home");
    capsule = new CapsuleProcess(workspace, home);
  }

  @Test
  void theWorkspaceWinsOverTheUserWhoWinsOverTheShippedDefaultsKeyByKey() throws Exception {
    write(home.resolve("conf/" + SECURITY), "approval.net = ask\nbudgets = net=5/1m\n");
    write(workspace.resolve(".astrid/conf/" + SECURITY), "approval.net = deny\n");

    CapsuleProcess.Run run = capsule.run("config", "--json");

    assertEquals(0, run.exit(), run.err().toString());
    JsonNode config = new ObjectMapper().readTree(String.join("\n", run.out()));
    assertEquals(List.of("shipped " + CapsuleProcess.DISTRIBUTION.resolve("conf"), "user " + home.resolve("conf"),
        "workspace " + workspace.toRealPath().resolve(".astrid/conf")), names(config.get("directories")));
    assertEquals("deny workspace " + workspace.toRealPath().resolve(".astrid/conf/" + SECURITY),
        setting(config, "approval.net"));
    assertEquals("net=5/1m user " + home.resolve("conf/" + SECURITY), setting(config, "budgets"));
    assertEquals("120000 shipped " + CapsuleProcess.DISTRIBUTION.resolve("conf/" + SECURITY),
        setting(config, "approval.timeout.ms"));

    CapsuleProcess.Run table = capsule.run("config");
    assertTrue(table.out().stream().anyMatch(l -> l.matches("io\\.astrid\\.capsule\\.security +approval\\.net +deny"
        + " +workspace: .*/\\.astrid/conf/" + SECURITY.replace(".", "\\."))), table.out().toString());
  }

  @Test
  void theUsersSettingTakesEffectAndTheWorkspacesOverridesIt() throws Exception {
    String root = everythingRoot().toString();
    write(home.resolve("conf/" + SECURITY), "approval.host_process = deny\n");

    CapsuleProcess.Run denied = capsule.run("inspect", "everything", "-r", root);
    assertTrue(String.join("\n", denied.out()).contains(DENIED), denied.out().toString());

    write(workspace.resolve(".astrid/conf/" + SECURITY), "approval.host_process = allow\n");
    CapsuleProcess.Run allowed = capsule.run("inspect", "everything", "-r", root);
    assertTrue(allowed.out().contains("state:     READY"), allowed.out().toString());
  }

  /** A root with one capsule running the MCP reference server "everything" through node. */
  private Path everythingRoot() throws IOException {
    write(temp.resolve("root/everything/Capsule.toml"), TestCapsules.everythingManifest());
    return temp.resolve("root");
  }

  private static List<String> names(JsonNode directories) {
    List<String> names = new ArrayList<>();
    directories.forEach(d -> names.add(d.get("name").asText() + " " + d.get("path").asText()));
    return names;
  }

  private static String setting(JsonNode config, String key) {
    for (JsonNode setting : config.get("settings")) {
      if (setting.get("key").asText().equals(key)) {
        return setting.get("value").asText() + " " + setting.get("from").asText() + " " + setting.get("file").asText();
      }
    }
    throw new AssertionError("no setting [" + key + "] in " + config);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
