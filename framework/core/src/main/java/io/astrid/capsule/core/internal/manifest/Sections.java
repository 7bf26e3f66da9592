package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.internal.text.Suggestions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** The top level of a manifest: which sections exist, and reading a section that is a table. */
final class Sections {
  static final Set<String> KNOWN = Set.of("package", "component", "dependencies", "capabilities", "env",
      "context_file", "command", "mcp_server", "skill", "uplink", "llm_provider", "interceptor", "cron", "tool");

  private Sections() {}

  /** Warns about top-level keys that are no section, suggesting the closest one. */
  static void warnUnknown(ManifestContext manifest, TomlTable root) {
    for (String key : root.keySet()) {
      if (!KNOWN.contains(key)) {
        manifest.problems().warning(root.inputPositionOf(List.of(key)),
            "unknown section \"" + key + "\"" + Suggestions.didYouMean(key, KNOWN));
      }
    }
  }

  /** The section {@code [name]} when present; reports it when it is not a table. */
  static Optional<TableReader> table(ManifestContext manifest, TomlTable root, String name) {
    Object value = root.get(List.of(name));
    if (value == null) {
      return Optional.empty();
    }
    TomlPosition at = root.inputPositionOf(List.of(name));
    if (!(value instanceof TomlTable table)) {
      manifest.problems().error(manifest.source().valueAfterKey(at),
          "[" + name + "] has type " + TomlValues.typeName(value) + ", expected a table");
      return Optional.empty();
    }
    return Optional.of(new TableReader(manifest, table, "[" + name + "]", at));
  }
}
