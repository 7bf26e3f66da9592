package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Tool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlTable;

/** Reads and checks {@code [[tool]]}: MCP-style names and a JSON Schema object for the input. */
final class ToolSection {
  private static final EntryList TOOLS = new EntryList("tool", Set.of("name", "description", "input_schema"),
      new EntryList.IdRule("name", Tool.NAME, Tool.NAME_RULE, true));

  private ToolSection() {}

  static List<Tool> read(ManifestContext manifest, TomlTable root) {
    return TOOLS.read(manifest, root, t -> {
      Optional<String> description = t.requiredString("description");
      Optional<Map<String, Object>> schema = inputSchema(t);
      return t.string("name").flatMap(n -> description.flatMap(d -> schema.map(s -> new Tool(n, d, s))));
    });
  }

  private static Optional<Map<String, Object>> inputSchema(TableReader t) {
    if (!t.has("input_schema")) {
      t.missing("input_schema", "a table holding a JSON Schema object");
      return Optional.empty();
    }
    return t.subTable("input_schema").map(TomlValues::plainMap).filter(schema -> {
      List<String> problems = t.manifest().schemas().problems(schema);
      problems.forEach(p -> t.error("input_schema", "input_schema " + p));
      return problems.isEmpty();
    });
  }
}
