package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.manifest.PackageMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.semver4j.Semver;
import org.tomlj.TomlPosition;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Reads and checks {@code [package]}. */
final class PackageSection {
  static final Set<String> KEYS = Set.of("name", "version", "description", "authors", "repository", "homepage",
      "documentation", "license", "license-file", "readme", "keywords", "categories", "astrid-version", "publish",
      "include", "exclude", "metadata");

  /** Registries show at most this many keywords and categories, as crates.io does. */
  static final int MAX_TAGS = 5;

  private PackageSection() {}

  /** The package metadata, or empty when {@code [package]}, its name or its version is unusable. */
  static Optional<PackageMetadata> read(ManifestContext manifest, TomlTable root) {
    if (!root.contains(List.of("package"))) {
      manifest.problems().error(TomlPosition.positionAt(1, 1), "missing required table [package]");
      return Optional.empty();
    }
    Optional<TableReader> section = Sections.table(manifest, root, "package");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    TableReader t = section.get();
    t.warnUnknownKeys(KEYS);
    Optional<String> name = t.requiredString("name").filter(n -> validName(t, n));
    Optional<String> version = t.requiredString("version").filter(v -> validVersion(t, v));
    Optional<String> astridVersion = t.string("astrid-version").filter(r -> satisfiedRequirement(t, r));
    Optional<String> repository = url(t, "repository");
    Optional<String> homepage = url(t, "homepage");
    Optional<String> documentation = url(t, "documentation");
    Optional<String> licenseFile = file(t, "license-file");
    Optional<String> readme = file(t, "readme");
    List<String> keywords = tags(t, "keywords");
    List<String> categories = tags(t, "categories");
    List<String> include = globs(t, "include");
    List<String> exclude = globs(t, "exclude");
    Map<String, Object> metadata = t.subTable("metadata").map(TomlValues::plainMap).orElse(Map.of());
    Optional<String> description = t.string("description");
    List<String> authors = t.strings("authors");
    Optional<String> license = t.string("license");
    boolean publish = t.bool("publish").orElse(true);
    if (name.isEmpty() || version.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PackageMetadata(name.get(), version.get(), description, authors, repository, homepage,
        documentation, license, licenseFile, readme, keywords, categories, astridVersion, publish, include, exclude,
        metadata));
  }

  private static boolean validName(TableReader t, String name) {
    if (!NameRules.CAPSULE_NAME.matcher(name).matches()) {
      t.error("name", "name \"" + name + "\" is invalid, expected lowercase letters, digits and single hyphens,"
          + " starting with a letter");
      return false;
    }
    // The runtime's own IPC namespace (astrid.cron..., lifecycle events): a capsule of that name would
    // publish on the runtime's topics (issue 18).
    if (name.equals(MessageBus.SYSTEM_NAMESPACE)) {
      t.error("name", "name \"" + name + "\" is reserved: the runtime publishes its own IPC messages below "
          + MessageBus.SYSTEM_NAMESPACE + ".");
      return false;
    }
    if (name.length() > NameRules.CAPSULE_NAME_MAX_LENGTH) {
      t.error("name", "name \"" + name + "\" has " + name.length() + " characters, expected at most "
          + NameRules.CAPSULE_NAME_MAX_LENGTH);
      return false;
    }
    return true;
  }

  private static boolean validVersion(TableReader t, String version) {
    if (!NameRules.SEMVER.matcher(version).matches()) {
      t.error("version", "version \"" + version + "\" is not a semantic version, expected MAJOR.MINOR.PATCH"
          + " such as 1.0.0");
      return false;
    }
    return true;
  }

  private static boolean satisfiedRequirement(TableReader t, String requirement) {
    VersionRequirement parsed;
    try {
      parsed = VersionRequirement.parse(requirement);
    } catch (IllegalArgumentException e) {
      t.error("astrid-version", "astrid-version \"" + requirement + "\" " + e.getMessage()
          + ", expected a requirement such as \">=0.1.0\" or \"^0.1\"");
      return false;
    }
    Semver runtime = t.manifest().runtimeVersion();
    if (!parsed.isSatisfiedBy(runtime)) {
      t.error("astrid-version", "astrid-version \"" + requirement + "\" is not satisfied by this runtime ("
          + runtime + ")");
      return false;
    }
    return true;
  }

  private static Optional<String> url(TableReader t, String key) {
    return t.string(key).filter(value -> {
      try {
        URI uri = new URI(value);
        if (uri.isAbsolute() && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
            && uri.getHost() != null) {
          return true;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      t.error(key, key + " \"" + value + "\" is not a URL, expected an absolute http or https URL");
      return false;
    });
  }

  private static Optional<String> file(TableReader t, String key) {
    return t.string(key).filter(value -> ReferencedFiles.check(t, key, value));
  }

  private static List<String> tags(TableReader t, String key) {
    List<String> tags = t.strings(key);
    Object written = t.table().get(List.of(key));
    int entries = written instanceof TomlArray array ? array.size() : 0;
    if (entries > MAX_TAGS) {
      t.error(key, key + " has " + entries + " entries, expected at most " + MAX_TAGS);
    }
    return tags;
  }

  private static List<String> globs(TableReader t, String key) {
    List<String> globs = t.strings(key);
    for (String glob : globs) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (IllegalArgumentException e) { // PatternSyntaxException among them
        String reason = e.getMessage().lines().findFirst().orElse("");
        t.error(key, key + " pattern \"" + glob + "\" is not a valid glob: " + reason);
      }
    }
    return globs;
  }
}
