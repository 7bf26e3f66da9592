package io.astrid.capsule.core.internal.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads one array-of-tables section ({@code [[cron]]}, {@code [[tool]]}, ...): checks its shape,
 * names each entry by its id key for messages ({@code [[cron]] "sync-issues"}, or
 * {@code [[cron]] #2} while the id is missing), enforces the id's spelling and uniqueness, warns
 * about unknown keys, and hands each entry to a binder.
 *
 * @param section the section name as written between the brackets
 * @param keys the keys an entry may have
 * @param id the key naming an entry, and its rule
 */
record EntryList(String section, Set<String> keys, IdRule id) {

  /**
   * The key that names an entry.
   *
   * @param key such as {@code name} or {@code id}
   * @param pattern how the value must be spelled
   * @param spelling the rule in words, for the message
   * @param unique whether two entries may share it
   */
  record IdRule(String key, Pattern pattern, String spelling, boolean unique) {}

  static final String IDENTIFIER_SPELLING = "letters, digits, '_', '.', ':' and '-', starting with a letter or digit";

  /** The usual id rule: a unique {@code key} spelled as an {@link NameRules#IDENTIFIER}. */
  static IdRule uniqueIdentifier(String key) {
    return new IdRule(key, NameRules.IDENTIFIER, IDENTIFIER_SPELLING, true);
  }

  <T> List<T> read(ManifestContext manifest, TomlTable root, Function<TableReader, Optional<T>> binder) {
    Object value = root.get(List.of(section));
    if (value == null) {
      return List.of();
    }
    TomlPosition at = root.inputPositionOf(List.of(section));
    if (!(value instanceof TomlArray array) || !array.isEmpty() && !(array.get(0) instanceof TomlTable)) {
      manifest.problems().error(manifest.source().valueAfterKey(at), "[" + section + "] has type "
          + TomlValues.typeName(value) + ", expected an array of tables, written [[" + section + "]]");
      return List.of();
    }
    List<T> entries = new ArrayList<>();
    Map<String, Integer> firstLineById = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof TomlTable table)) {
        manifest.problems().error(array.inputPositionOf(i), "[[" + section + "]] #" + (i + 1) + " has type "
            + TomlValues.typeName(array.get(i)) + ", expected a table");
        continue;
      }
      TableReader entry = new TableReader(manifest, table, "[[" + section + "]] #" + (i + 1),
          array.inputPositionOf(i));
      boolean idOk = checkId(entry, firstLineById);
      entry.warnUnknownKeys(keys);
      Optional<T> bound = binder.apply(entry);
      if (idOk) {
        bound.ifPresent(entries::add);
      }
    }
    return entries;
  }

  private boolean checkId(TableReader entry, Map<String, Integer> firstLineById) {
    Optional<String> value = entry.requiredString(id.key());
    if (value.isEmpty()) {
      return false;
    }
    String written = value.get();
    entry.renameContext("[[" + section + "]] \"" + written + "\"");
    if (!id.pattern().matcher(written).matches()) {
      entry.error(id.key(), id.key() + " \"" + written + "\" is invalid, expected " + id.spelling());
      return false;
    }
    if (id.unique()) {
      Integer first = firstLineById.putIfAbsent(written, entry.header().line());
      if (first != null) {
        entry.error(id.key(), "duplicate " + id.key() + ", first declared at line " + first);
        return false;
      }
    }
    return true;
  }
}
