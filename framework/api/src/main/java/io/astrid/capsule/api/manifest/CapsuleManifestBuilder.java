package io.astrid.capsule.api.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link CapsuleManifest} in code (for tests, tools and hosts that make capsules without
 * a file). Unlike {@link ManifestReader}, it validates nothing beyond the records' null checks.
 * Obtain one with {@link CapsuleManifest#builder(String, String)}.
 */
public final class CapsuleManifestBuilder {
  private final PackageMetadata packageMetadata;
  private Optional<Component> component = Optional.empty();
  private Capabilities capabilities = Capabilities.NONE;
  private final Map<String, EnvVar> env = new LinkedHashMap<>();
  private final List<ContextFile> contextFiles = new ArrayList<>();
  private final List<Command> commands = new ArrayList<>();
  private final List<McpServer> mcpServers = new ArrayList<>();
  private final List<Skill> skills = new ArrayList<>();
  private final List<Uplink> uplinks = new ArrayList<>();
  private final List<Tool> tools = new ArrayList<>();
  private final List<CronJob> cronJobs = new ArrayList<>();

  CapsuleManifestBuilder(PackageMetadata packageMetadata) {
    this.packageMetadata = packageMetadata;
  }

  public CapsuleManifestBuilder withComponent(Component value) {
    component = Optional.of(value);
    return this;
  }

  public CapsuleManifestBuilder withCapabilities(Capabilities value) {
    capabilities = value;
    return this;
  }

  public CapsuleManifestBuilder withEnv(EnvVar value) {
    env.put(value.name(), value);
    return this;
  }

  public CapsuleManifestBuilder withContextFile(ContextFile value) {
    contextFiles.add(value);
    return this;
  }

  public CapsuleManifestBuilder withCommand(Command value) {
    commands.add(value);
    return this;
  }

  public CapsuleManifestBuilder withMcpServer(McpServer value) {
    mcpServers.add(value);
    return this;
  }

  public CapsuleManifestBuilder withSkill(Skill value) {
    skills.add(value);
    return this;
  }

  public CapsuleManifestBuilder withUplink(Uplink value) {
    uplinks.add(value);
    return this;
  }

  public CapsuleManifestBuilder withTool(Tool value) {
    tools.add(value);
    return this;
  }

  public CapsuleManifestBuilder withCronJob(CronJob value) {
    cronJobs.add(value);
    return this;
  }

  public CapsuleManifest build() {
    return new CapsuleManifest(packageMetadata, component, Map.of(), capabilities, env, contextFiles, commands,
        mcpServers, skills, uplinks, List.of(), List.of(), cronJobs, tools);
  }
}
