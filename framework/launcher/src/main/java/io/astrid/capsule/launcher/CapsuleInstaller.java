package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.host.CapsuleEnvironment;
import io.astrid.capsule.api.host.EnvEntry;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvVar;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.manifest.ManifestReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Docks a capsule into a root (issue 17): stages SOURCE in a hidden directory of the root (which
 * discovery skips), validates its manifest, shows what it asks for, asks consent, elicits its
 * {@code [env]} values, then moves it into place with one rename — replacing an installed version by
 * renaming that aside first — and stores the values. Whatever fails or is refused, the staging
 * directory is deleted and an installed version is put back: a failed install leaves nothing behind.
 */
final class CapsuleInstaller {
  /** What to install and how. */
  record Request(Path source, Path root, Optional<String> replacing, boolean yes, boolean reconfigure,
      Map<String, String> given) {}

  private final ManifestReader reader;
  private final Supplier<CapsuleEnvironment> environment;
  private final InstallConsole console;

  /**
   * @param environment opened only once the manifest is valid (it claims the state directory)
   */
  CapsuleInstaller(ManifestReader reader, Supplier<CapsuleEnvironment> environment, InstallConsole console) {
    this.reader = reader;
    this.environment = environment;
    this.console = console;
  }

  /** Installs; returns the capsule's manifest. */
  CapsuleManifest install(Request request) {
    Path staging = createStaging(request.root());
    try {
      Path staged = CapsuleSource.stage(request.source(), staging);
      CapsuleManifest manifest = validated(request.source(), staged.resolve(CapsuleManifest.FILE_NAME));
      if (request.replacing().isPresent() && !request.replacing().get().equals(manifest.name())) {
        throw new CapsuleException("[" + request.source() + "] is capsule [" + manifest.name() + "], not ["
            + request.replacing().get() + "]");
      }
      CapsuleEnvironment values = environment.get();
      List<EnvEntry> stored = request.reconfigure() ? List.of() : values.entries(manifest.name());
      Set<String> kept = stored.stream().map(EnvEntry::name).collect(Collectors.toCollection(HashSet::new));
      if (!request.reconfigure()) {
        kept.addAll(defaultsOfInstalled(request.root().resolve(manifest.name())));
      }
      CapsuleDescription.of(manifest, staged, stored, kept).forEach(console::tell);
      if (!request.yes()) {
        consent(manifest);
      }
      Map<String, String> elicited = new Elicitation(console).elicit(manifest, request.given(), kept);
      Map<EnvVar, String> assigned = new LinkedHashMap<>();
      elicited.forEach((name, value) -> assigned.put(manifest.env().get(name), value));
      moveIntoPlace(staged, request.root().resolve(manifest.name()),
          () -> values.setAll(manifest.name(), assigned, request.reconfigure()));
      return manifest;
    } finally {
      deleteTree(staging);
    }
  }

  private static Path createStaging(Path root) {
    try {
      Files.createDirectories(root);
      return Files.createTempDirectory(root, ".staging-");
    } catch (IOException e) {
      throw new CapsuleException("root [" + root + "] cannot take a capsule: " + e.getMessage(), e);
    }
  }

  /** The variables with a default in the version installed at {@code target}: settled when it was docked. */
  private Set<String> defaultsOfInstalled(Path target) {
    Path installed = target.resolve(CapsuleManifest.FILE_NAME);
    if (!Files.isRegularFile(installed)) {
      return Set.of();
    }
    return reader.read(installed).manifest().map(m -> m.env().values().stream()
        .filter(v -> v.defaultValue().isPresent()).map(EnvVar::name).collect(Collectors.toSet())).orElse(Set.of());
  }

  private CapsuleManifest validated(Path source, Path manifestFile) {
    ManifestReport report = reader.read(manifestFile);
    if (report.hasErrors()) {
      report.diagnostics().forEach(d -> console.tell(d.toString()));
      throw new CapsuleException("[" + source + "]: its " + CapsuleManifest.FILE_NAME + " is invalid");
    }
    return report.orThrow();
  }

  private void consent(CapsuleManifest manifest) {
    Optional<String> answer = console.ask("Install " + manifest.name() + " " + manifest.version() + "? [y/N] ");
    String word = answer.orElse("").strip().toLowerCase(Locale.ROOT);
    if (!word.equals("y") && !word.equals("yes")) {
      throw new CapsuleException("capsule [" + manifest.name() + "] not installed: "
          + (answer.isEmpty() ? "no answer to the consent question (pass --yes to give it)" : "consent refused"));
    }
  }

  /**
   * Renames {@code staged} to {@code target}, an installed version aside first; then runs {@code after}
   * (storing values). If that fails, the new version is removed and the old one put back.
   */
  private static void moveIntoPlace(Path staged, Path target, Runnable after) {
    Path aside = target.resolveSibling(".replaced-" + target.getFileName() + "-" + ProcessHandle.current().pid());
    boolean replacing = Files.exists(target);
    try {
      if (replacing) {
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        after.run();
      } catch (IOException | RuntimeException e) {
        deleteTree(target);
        if (replacing) {
          Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        }
        throw e;
      }
      deleteTree(aside);
    } catch (IOException e) {
      throw new CapsuleException("capsule [" + target.getFileName() + "] cannot be moved into [" + target.getParent()
          + "]: " + e.getMessage(), e);
    }
  }

  /** Deletes a directory tree without following links; nothing when it is gone. */
  static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting [" + root + "] failed: " + e.getMessage(), e);
    }
  }
}
