package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.manifest.EnvVar;
import io.astrid.capsule.api.manifest.ManifestReport;
import io.astrid.capsule.api.manifest.PackageMetadata;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.semver4j.Semver;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Parses manifest text with tomlj and checks every section, collecting all problems in one pass.
 * Thread-safe: it holds only immutable set-up (the runtime version, the JSON Schema
 * meta-schema).
 */
public final class ManifestParser {
  private final Semver runtimeVersion;
  private final ToolSchemas schemas = new ToolSchemas();

  /** A parser checking {@code astrid-version} requirements against {@code runtimeVersion}. */
  public ManifestParser(String runtimeVersion) {
    this.runtimeVersion = Semver.parse(runtimeVersion);
    if (this.runtimeVersion == null) {
      throw new IllegalArgumentException("runtime version is not a semantic version: " + runtimeVersion);
    }
  }

  /** The runtime version requirements are checked against. */
  public String runtimeVersion() {
    return runtimeVersion.toString();
  }

  /** Checks {@code text} as the content of {@code file}; referenced files resolve against its directory. */
  public ManifestReport parse(Path file, String text) {
    Problems problems = new Problems(file);
    Optional<TomlPosition> tooDeep = TomlNesting.tooDeep(text);
    if (tooDeep.isPresent()) { // tomlj would overflow the stack: not parsed at all
      problems.error(tooDeep.get(), "TOML nesting: more than " + TomlNesting.MAX_LEVELS
          + " levels of arrays, inline tables and keys, the manifest is not parsed");
      return new ManifestReport(file, Optional.empty(), problems.sorted());
    }
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) {
      for (TomlParseError error : toml.errors()) {
        problems.error(error.position(), "TOML syntax: " + error.getMessage());
      }
      return new ManifestReport(file, Optional.empty(), problems.sorted());
    }
    Path directory = file.toAbsolutePath().normalize().getParent();
    ManifestContext context = new ManifestContext(problems, new SourceText(text), directory, runtimeVersion, schemas);
    Optional<CapsuleManifest> manifest = bind(context, toml);
    return new ManifestReport(file, problems.hasErrors() ? Optional.empty() : manifest, problems.sorted());
  }

  /** Reads every section, even after errors, so that one pass reports everything. */
  private static Optional<CapsuleManifest> bind(ManifestContext context, TomlParseResult toml) {
    Sections.warnUnknown(context, toml);
    ComponentRequirements.warnWithoutComponent(context, toml);
    Optional<PackageMetadata> packageMetadata = PackageSection.read(context, toml);
    Optional<Component> component = ComponentSection.read(context, toml);
    Map<String, String> dependencies = DependenciesSection.read(context, toml);
    Capabilities capabilities = CapabilitiesSection.read(context, toml);
    Map<String, EnvVar> env = EnvSection.read(context, toml);
    var contextFiles = EntrySections.contextFiles(context, toml);
    var commands = EntrySections.commands(context, toml);
    var mcpServers = McpServerSection.read(context, toml, EnvSection.declaredNames(toml), capabilities);
    var skills = EntrySections.skills(context, toml);
    var uplinks = EntrySections.uplinks(context, toml);
    var llmProviders = EntrySections.llmProviders(context, toml);
    var interceptors = EntrySections.interceptors(context, toml);
    var cronJobs = EntrySections.cronJobs(context, toml);
    var tools = ToolSection.read(context, toml);
    return packageMetadata.map(p -> new CapsuleManifest(p, component, dependencies, capabilities, env, contextFiles,
        commands, mcpServers, skills, uplinks, llmProviders, interceptors, cronJobs, tools));
  }
}
