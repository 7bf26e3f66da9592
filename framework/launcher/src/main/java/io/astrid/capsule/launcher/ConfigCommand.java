package io.astrid.capsule.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec
  private CommandSpec spec;

  @Option(names = "--json", description = "print the directories and settings as one JSON object")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.read(Main.settingsLayers());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(toJson(settings)));
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

  /** {@code {"directories": [{name, path, exists}], "settings": [{pid, key, value, from, file}]}}. */
  private static ObjectNode toJson(Settings settings) {
    ObjectNode root = JSON.createObjectNode();
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
