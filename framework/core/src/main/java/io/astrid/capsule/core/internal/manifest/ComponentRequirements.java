package io.astrid.capsule.core.internal.manifest;

import java.util.List;
import java.util.function.Predicate;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Tools, interceptors, LLM providers and commands without a file are run by the capsule's WebAssembly
 * component; a manifest that declares them without a {@code [component]} gets a warning for each, save
 * interceptors in a capsule with an {@code [[mcp_server]]}, which its first server serves.
 */
final class ComponentRequirements {
  private ComponentRequirements() {}

  static void warnWithoutComponent(ManifestContext manifest, TomlTable root) {
    if (root.contains(List.of("component"))) {
      return;
    }
    warnEach(manifest, root, "tool", "name", entry -> true);
    // Without a component, the first [[mcp_server]] serves the interceptors (its tools; issue 18).
    if (!root.contains(List.of("mcp_server"))) {
      warnEach(manifest, root, "interceptor", "event", entry -> true);
    }
    warnEach(manifest, root, "command", "name", entry -> !entry.contains(List.of("file")));
    warnEach(manifest, root, "llm_provider", "id", entry -> true);
  }

  private static void warnEach(ManifestContext manifest, TomlTable root, String section, String idKey,
      Predicate<TomlTable> runByComponent) {
    if (!(root.get(List.of(section)) instanceof TomlArray entries)) {
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i) instanceof TomlTable entry && runByComponent.test(entry)) {
        String id = entry.get(List.of(idKey)) instanceof String s ? "\"" + s + "\"" : "#" + (i + 1);
        manifest.problems().warning(entries.inputPositionOf(i), "[[" + section + "]] " + id
            + ": is run by the capsule's WebAssembly component, but the manifest has no [component]");
      }
    }
  }
}
