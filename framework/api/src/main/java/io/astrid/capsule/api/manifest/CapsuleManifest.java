package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and validated {@code Capsule.toml}: everything the runtime needs to know about a
 * capsule before loading it. Sections that the file leaves out are empty, never null.
 *
 * @param packageMetadata the {@code [package]} table (required)
 * @param component the {@code [component]} table, present when the capsule ships WebAssembly
 * @param dependencies {@code [dependencies]}: capsule name to version requirement, in file order
 * @param capabilities {@code [capabilities]}: what the capsule may do on the host
 * @param env {@code [env.NAME]} tables by variable name, in file order
 * @param contextFiles {@code [[context_file]]} entries
 * @param commands {@code [[command]]} entries
 * @param mcpServers {@code [[mcp_server]]} entries
 * @param skills {@code [[skill]]} entries
 * @param uplinks {@code [[uplink]]} entries
 * @param llmProviders {@code [[llm_provider]]} entries
 * @param interceptors {@code [[interceptor]]} entries
 * @param cronJobs {@code [[cron]]} entries
 * @param tools {@code [[tool]]} entries
 */
public record CapsuleManifest(
    PackageMetadata packageMetadata,
    Optional<Component> component,
    Map<String, String> dependencies,
    Capabilities capabilities,
    Map<String, EnvVar> env,
    List<ContextFile> contextFiles,
    List<Command> commands,
    List<McpServer> mcpServers,
    List<Skill> skills,
    List<Uplink> uplinks,
    List<LlmProvider> llmProviders,
    List<Interceptor> interceptors,
    List<CronJob> cronJobs,
    List<Tool> tools) {

  /** The manifest's file name inside a capsule directory. */
  public static final String FILE_NAME = "Capsule.toml";

  public CapsuleManifest {
    requireNonNull(packageMetadata, "packageMetadata");
    requireNonNull(component, "component");
    dependencies = Immutables.orderedMap(dependencies, "dependencies");
    requireNonNull(capabilities, "capabilities");
    env = Immutables.orderedMap(env, "env");
    contextFiles = Immutables.list(contextFiles, "contextFiles");
    commands = Immutables.list(commands, "commands");
    mcpServers = Immutables.list(mcpServers, "mcpServers");
    skills = Immutables.list(skills, "skills");
    uplinks = Immutables.list(uplinks, "uplinks");
    llmProviders = Immutables.list(llmProviders, "llmProviders");
    interceptors = Immutables.list(interceptors, "interceptors");
    cronJobs = Immutables.list(cronJobs, "cronJobs");
    tools = Immutables.list(tools, "tools");
  }

  /** A builder for a manifest made in code, starting from {@code [package]} name and version. */
  public static CapsuleManifestBuilder builder(String name, String version) {
    return new CapsuleManifestBuilder(PackageMetadata.of(name, version));
  }

  /** The capsule's name, {@code [package] name}. */
  public String name() {
    return packageMetadata.name();
  }

  /** The capsule's version, {@code [package] version}. */
  public String version() {
    return packageMetadata.version();
  }

  /**
   * The manifest sections this capsule uses, in manifest order, spelled as in the file (for
   * example {@code component}, {@code mcp_server}, {@code tool}). {@code package} is always
   * first.
   */
  public List<String> sections() {
    List<String> used = new ArrayList<>();
    used.add("package");
    component.ifPresent(c -> used.add("component"));
    addIf(used, !dependencies.isEmpty(), "dependencies");
    addIf(used, !capabilities.isEmpty(), "capabilities");
    addIf(used, !env.isEmpty(), "env");
    addIf(used, !contextFiles.isEmpty(), "context_file");
    addIf(used, !commands.isEmpty(), "command");
    addIf(used, !mcpServers.isEmpty(), "mcp_server");
    addIf(used, !skills.isEmpty(), "skill");
    addIf(used, !uplinks.isEmpty(), "uplink");
    addIf(used, !llmProviders.isEmpty(), "llm_provider");
    addIf(used, !interceptors.isEmpty(), "interceptor");
    addIf(used, !cronJobs.isEmpty(), "cron");
    addIf(used, !tools.isEmpty(), "tool");
    return List.copyOf(used);
  }

  private static void addIf(List<String> used, boolean condition, String section) {
    if (condition) {
      used.add(section);
    }
  }
}
