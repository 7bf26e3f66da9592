package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Component;
import java.util.List;
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
    Optional<String> entrypoint = t.requiredString("entrypoint").filter(e -> codeFile(t, root, e));
    Optional<String> hash = t.string("hash").filter(h -> validHash(t, h));
    return entrypoint.map(e -> new Component(e, hash));
  }

  private static boolean codeFile(TableReader t, TomlTable root, String entrypoint) {
    if (new Component(entrypoint, Optional.empty()).isJvm()) {
      // JVM code cannot be sandboxed (issue 15): the capsule must say that it runs it.
      if (!Boolean.TRUE.equals(root.get(List.of("capabilities", "jvm")))) {
        t.error("entrypoint", "entrypoint \"" + entrypoint + "\" is JVM code, which runs unsandboxed in the host's"
            + " JVM: declare it with [capabilities] jvm = true");
        return false;
      }
    } else if (!entrypoint.endsWith(".wasm")) {
      t.error("entrypoint", "entrypoint \"" + entrypoint + "\" is not a .wasm or .jar file");
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
