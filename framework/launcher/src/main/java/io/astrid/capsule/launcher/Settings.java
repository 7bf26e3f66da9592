package io.astrid.capsule.launcher;

import io.astrid.capsule.api.host.AstridHome;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The effective settings: the {@code PID.cfg} files (Java properties, Karaf's format) of some
 * directories, key by key, a later directory's value winning over an earlier one's. The standard
 * directories are the shipped defaults ({@code capsule.home/conf}), the user's
 * ({@code $ASTRID_HOME/conf}) and the workspace's ({@code .astrid/conf} of the current directory), so
 * that nothing a user edits lives in the distribution, which a rebuild replaces (issue 19).
 */
record Settings(List<Layer> layers, Map<String, Map<String, Setting>> byPid) {
  /** The name of the configuration directory in the Astrid home and in the workspace's {@code .astrid}. */
  static final String CONF = "conf";

  /** One directory of settings; {@code name} says whose it is: shipped, user or workspace. */
  record Layer(String name, Path directory) {
    Layer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(directory, "directory");
    }
  }

  /** One key's effective value and the file it came from. */
  record Setting(String value, Layer layer, Path file) {}

  Settings {
    layers = List.copyOf(layers);
  }

  /** The shipped defaults (if any), then the user's directory, then the workspace's. */
  static List<Layer> standard(Path shipped) {
    List<Layer> layers = new ArrayList<>();
    if (shipped != null) {
      layers.add(new Layer("shipped", shipped));
    }
    layers.add(new Layer("user", AstridHome.directory().resolve(CONF)));
    layers.add(new Layer("workspace", Path.of("").toAbsolutePath().resolve(AstridHome.DIRECTORY_NAME).resolve(CONF)));
    return layers;
  }

  /** Reads every layer now; a missing directory counts as empty. */
  static Settings read(List<Layer> layers) {
    Map<String, Map<String, Setting>> byPid = new TreeMap<>();
    for (Layer layer : layers) {
      for (Path file : files(layer.directory())) {
        String name = file.getFileName().toString();
        Map<String, Setting> pid = byPid.computeIfAbsent(name.substring(0, name.length() - ".cfg".length()),
            p -> new TreeMap<>());
        read(file).forEach((key, value) -> pid.put(key, new Setting(value, layer, file)));
      }
    }
    return new Settings(layers, byPid);
  }

  /** The values of {@code pid} as Config Admin takes them. */
  Hashtable<String, Object> values(String pid) {
    Hashtable<String, Object> values = new Hashtable<>();
    byPid.getOrDefault(pid, Map.of()).forEach((key, setting) -> values.put(key, setting.value()));
    return values;
  }

  private static Map<String, String> read(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read configuration file [" + file + "]: " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    properties.forEach((key, value) -> values.put(key.toString().strip(), value.toString().strip()));
    return values;
  }

  private static List<Path> files(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(f -> f.getFileName().toString().endsWith(".cfg") && Files.isRegularFile(f)).sorted()
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list configuration directory [" + directory + "]: " + e.getMessage(), e);
    }
  }
}
