package io.astrid.capsule.launcher;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options {@code install} and {@code update} share: values given up front and consent. */
final class InstallOptions {
  @Option(names = "--env", paramLabel = "NAME=VALUE",
      description = "an [env] value, not asked for (repeatable); it wins over --env-file")
  private List<String> env = List.of();

  @Option(names = "--env-file", paramLabel = "FILE",
      description = "[env] values, one NAME=VALUE a line (blank lines and # comments skipped)")
  private Path envFile;

  @Option(names = {"-y", "--yes"}, description = "consent without being asked")
  private boolean yes;

  /** Installs {@code source} into {@code root} through {@code console}; returns its manifest. */
  CapsuleManifest install(Container container, InstallConsole console, Path source, Path root,
      Optional<String> replacing, boolean reconfigure) {
    Map<String, String> given = EnvAssignments.parse(env, Optional.ofNullable(envFile));
    InstalledCapsule.claimState();
    return new CapsuleInstaller(container.service(ManifestReader.class),
        () -> InstalledCapsule.environment(container), console)
        .install(new CapsuleInstaller.Request(source, root, replacing, yes, reconfigure, given));
  }
}
