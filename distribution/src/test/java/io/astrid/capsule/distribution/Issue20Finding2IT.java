package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.launcher.EmbeddedFramework;
import io.astrid.capsule.testing.ShippedConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, finding 2: {@code approval.fs_read}, {@code approval.fs_write} and
 * {@code approval.host_process} did nothing, because Declarative Services named the gate's keys
 * {@code approval.fs.read}... Every key the distribution ships must be one its component reads (that those three
 * act on a real guest and a real server is itests' {@code Issue20GateSettingsIT}).
 */
class Issue20Finding2IT {
  // Not a Pax Exam test: it starts the launcher on the distribution's shipped conf/, as bin/capsule reads it.
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));

  @Test
  void finding2_declarativeServicesNamesFollowTheSpecificationsExamples() {
    // OSGi R7 Compendium 112.8.2.1, table 112.5.
    Map<String, String> examples = Map.ofEntries(Map.entry("myProperty143", "myProperty143"),
        Map.entry("$new", "new"), Map.entry("my$$prop", "my$prop"), Map.entry("dot_prop", "dot.prop"),
        Map.entry("_secret", ".secret"), Map.entry("another__prop", "another_prop"),
        Map.entry("three___prop", "three_.prop"), Map.entry("four_$__prop", "four._prop"),
        Map.entry("five_$_prop", "five..prop"), Map.entry("six$_$prop", "six-prop"),
        Map.entry("seven$$_$prop", "seven$.prop"), Map.entry("approval_fs__read", "approval.fs_read"));
    examples.forEach((method, name) -> assertEquals(name, ComponentPropertyNames.name(method), method));
  }

  @Test
  void finding2_everyKeyOfEveryShippedCfgFileIsReadByTheComponentItConfigures() throws Exception {
    Path conf = DISTRIBUTION.resolve("conf");
    Map<String, ShippedConfiguration.Component> components =
        ShippedConfiguration.components(DISTRIBUTION.resolve("bundles"));
    Map<String, Path> files = ShippedConfiguration.files(conf);
    List<String> problems = new ArrayList<>();
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf))) {
      for (Map.Entry<String, Path> file : files.entrySet()) {
        ShippedConfiguration.Component component = components.get(file.getKey());
        if (component == null) {
          problems.add("[" + file.getValue().getFileName() + "] configures PID [" + file.getKey()
              + "]: no component of the distribution has it");
          continue;
        }
        Set<String> attributes = ComponentPropertyNames.of(framework.bundle(component.bundle()).orElseThrow()
            .loadClass(component.implementation()));
        for (String key : ShippedConfiguration.keys(file.getValue())) {
          if (!attributes.contains(key)) {
            problems.add("key [" + key + "] of [" + file.getValue().getFileName() + "] means nothing: component ["
                + component.name() + "] reads " + attributes);
          }
        }
      }
    }
    assertEquals(List.of(), problems);
    assertEquals(Set.of("io.astrid.capsule.security", "io.astrid.capsule.engine.wasm", "io.astrid.capsule.engine.mcp",
        "io.astrid.capsule.registry",
        "io.astrid.capsule.watcher", "io.astrid.capsule.kv", "io.astrid.capsule.log", "io.astrid.capsule.gateway",
        "io.astrid.capsule.ipc"),
        files.keySet(),
        "every shipped file is checked");
  }
}
