package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tomlj.TomlTable;

/** Reads and checks the {@code [env.NAME]} tables. */
final class EnvSection {
  static final Set<String> KEYS = Set.of("type", "request", "description", "default");

  private static final String TYPES =
      Arrays.stream(EnvType.values()).map(EnvType::manifestName).collect(Collectors.joining(", "));

  private EnvSection() {}

  static Map<String, EnvVar> read(ManifestContext manifest, TomlTable root) {
    Map<String, EnvVar> env = new LinkedHashMap<>();
    Sections.table(manifest, root, "env").ifPresent(section -> {
      for (String name : section.table().keySet()) {
        readVariable(section, name).ifPresent(v -> env.put(name, v));
      }
    });
    return env;
  }

  /** Every name under {@code [env]}, whether or not its table is valid. */
  static Set<String> declaredNames(TomlTable root) {
    return root.get(List.of("env")) instanceof TomlTable env ? env.keySet() : Set.of();
  }

  private static Optional<EnvVar> readVariable(TableReader section, String name) {
    String context = "[env." + name + "]";
    Object value = section.table().get(List.of(name));
    if (!(value instanceof TomlTable table)) {
      section.manifest().problems().error(section.valuePosition(name),
          context + " has type " + TomlValues.typeName(value) + ", expected a table");
      return Optional.empty();
    }
    TableReader t = new TableReader(section.manifest(), table, context, section.keyPosition(name));
    t.warnUnknownKeys(KEYS);
    boolean validName = NameRules.ENV_NAME.matcher(name).matches();
    if (!validName) {
      t.errorAt(t.header(), "name \"" + name + "\" is invalid, expected letters, digits and underscores,"
          + " not starting with a digit");
    }
    Optional<EnvType> type = t.requiredString("type").flatMap(written -> {
      Optional<EnvType> known = EnvType.fromManifestName(written);
      if (known.isEmpty()) {
        t.error("type", "type \"" + written + "\" is unknown, expected one of " + TYPES);
      }
      return known;
    });
    Optional<Object> defaultValue = type.flatMap(ty -> defaultValue(t, ty));
    Optional<String> request = t.string("request");
    Optional<String> description = t.string("description");
    if (type.isEmpty() || !validName || (t.has("default") && defaultValue.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new EnvVar(name, type.get(), request, description, defaultValue));
  }

  private static Optional<Object> defaultValue(TableReader t, EnvType type) {
    Object value = t.table().get(List.of("default"));
    if (value == null) {
      return Optional.empty();
    }
    boolean matches = switch (type) {
      case SECRET, STRING, PATH -> value instanceof String;
      case NUMBER -> value instanceof Long || value instanceof Double;
      case BOOLEAN -> value instanceof Boolean;
    };
    if (!matches) {
      t.error("default", "default has type " + TomlValues.typeName(value) + ", expected " + expected(type)
          + " for type \"" + type.manifestName() + "\"");
      return Optional.empty();
    }
    if (type == EnvType.PATH && !type.accepts((String) value)) {
      t.error("default", "default \"" + value + "\" is not " + type.expectation());
      return Optional.empty();
    }
    if (type == EnvType.SECRET) {
      t.warning("default", "default of a secret is stored in the manifest in plain text");
    }
    return Optional.of(value);
  }

  private static String expected(EnvType type) {
    return switch (type) {
      case SECRET, STRING, PATH -> "a string";
      case NUMBER -> "an integer or a float";
      case BOOLEAN -> "a boolean";
    };
  }
}
