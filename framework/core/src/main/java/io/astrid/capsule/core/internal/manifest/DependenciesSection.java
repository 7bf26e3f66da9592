package io.astrid.capsule.core.internal.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tomlj.TomlTable;

/** Reads and checks {@code [dependencies]}: capsule name to version requirement. */
final class DependenciesSection {
  private DependenciesSection() {}

  static Map<String, String> read(ManifestContext manifest, TomlTable root) {
    Map<String, String> dependencies = new LinkedHashMap<>();
    Sections.table(manifest, root, "dependencies").ifPresent(t -> {
      for (String name : t.table().keySet()) {
        t.string(name).ifPresent(requirement -> {
          boolean ok = true;
          if (!NameRules.CAPSULE_NAME.matcher(name).matches()) {
            t.errorAt(t.keyPosition(name), "\"" + name + "\" is not a capsule name, expected lowercase letters,"
                + " digits and single hyphens, starting with a letter");
            ok = false;
          }
          try {
            VersionRequirement.parse(requirement);
          } catch (IllegalArgumentException e) {
            t.error(name, name + " \"" + requirement + "\" " + e.getMessage() + ", expected a requirement such as"
                + " \"^1.2\"");
            ok = false;
          }
          if (ok) {
            dependencies.put(name, requirement);
          }
        });
      }
    });
    return dependencies;
  }
}
