package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Component;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlTable;

/** Reads and checks {@code [component]}. */
final class ComponentSection {
  static final Set<String> KEYS = Set.of("entrypoint", "hash");

  private ComponentSection() {}

  static Optional<Component> read(ManifestContext manifest, TomlTable root) {
    Optional<TableReader> section = Sections.table(manifest, root, "component");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    TableReader t = section.get();
    t.warnUnknownKeys(KEYS);
    Optional<String> entrypoint = t.requiredString("entrypoint").filter(e -> wasmFile(t, e));
    Optional<String> hash = t.string("hash").filter(h -> validHash(t, h));
    return entrypoint.map(e -> new Component(e, hash));
  }

  private static boolean wasmFile(TableReader t, String entrypoint) {
    if (!entrypoint.endsWith(".wasm")) {
      t.error("entrypoint", "entrypoint \"" + entrypoint + "\" is not a .wasm file");
      return false;
    }
    return ReferencedFiles.check(t, "entrypoint", entrypoint);
  }

  private static boolean validHash(TableReader t, String hash) {
    if (!NameRules.COMPONENT_HASH.matcher(hash).matches()) {
      t.error("hash", "hash \"" + hash + "\" is malformed, expected \"blake3:\" or \"sha256:\" and 64 lowercase"
          + " hex digits");
      return false;
    }
    return true;
  }
}
