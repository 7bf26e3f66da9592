package io.astrid.capsule.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code capsule config [--json]}: the effective settings and the file each comes from. It reads the
 * directories only, so it runs beside anything.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
        "Shows the effective settings and the file each one comes from.",
        "Read in this order, a later file's key winning: the shipped defaults (conf/ of the installation),",
        "$ASTRID_HOME/conf/ (the user's; ASTRID_HOME defaults to $HOME/.astrid), then .astrid/conf/ of the",
        "current directory (the workspace's). Each PID.cfg holds Java properties; edits apply while capsule",
        "run runs."})
final class ConfigCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private JsonOutput json;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.read(Main.settingsLayers());
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      JsonOutput.print(out, toJson(settings));
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PID", "KEY", "VALUE", "FROM"});
    settings.byPid().forEach((pid, keys) -> keys.forEach((key, setting) ->
        rows.add(new String[] {pid, key, setting.value(), setting.layer().name() + ": " + setting.file()})));
    StatusTable.print(out, rows);
    out.println("directories, later ones winning:");
    for (Settings.Layer layer : settings.layers()) {
      out.println("  " + layer.name() + ": " + layer.directory()
          + (Files.isDirectory(layer.directory()) ? "" : " (absent)"));
    }
    return 0;
  }

  /** The {@code --json} document: docs/schemas/config.schema.json. */
  private static ObjectNode toJson(Settings settings) {
    ObjectNode root = JsonOutput.MAPPER.createObjectNode();
    ArrayNode directories = root.putArray("directories");
    for (Settings.Layer layer : settings.layers()) {
      directories.addObject().put("name", layer.name()).put("path", layer.directory().toString())
          .put("exists", Files.isDirectory(layer.directory()));
    }
    ArrayNode values = root.putArray("settings");
    settings.byPid().forEach((pid, keys) -> keys.forEach((key, setting) -> values.addObject().put("pid", pid)
        .put("key", key).put("value", setting.value()).put("from", setting.layer().name())
        .put("file", setting.file().toString())));
    return root;
  }
}
