package io.astrid.capsule.core.internal.reload;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Diagnostic;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.manifest.ManifestReport;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.watch.CapsuleChange;
import io.astrid.capsule.api.watch.HotReloader;
import io.astrid.capsule.api.watch.ReloadOutcome;
import io.astrid.capsule.api.watch.ReloadOutcome.Action;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HotReloader} service: a change becomes an install, an atomic replace or an
 * uninstall. The manifest is read first; a broken new version never reaches the registry, and a
 * new version that fails to load is discarded by {@link CapsuleRegistry#replace}, so the old one
 * keeps serving in both cases. Changes are applied one at a time.
 */
@Component(service = HotReloader.class)
public final class DefaultHotReloader implements HotReloader {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultHotReloader.class);

  /** How long a new version may take to become READY (an MCP server may start slowly). */
  static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

  private final CapsuleRegistry registry;
  private final ManifestReader reader;
  /**
   * Directories refused because a capsule of their name is installed from another, by name, first
   * come first: the first that still holds the capsule takes over when the installed one is removed
   * (issue 19). Guarded by this.
   */
  private final Map<String, Set<Path>> shadowed = new HashMap<>();

  @Activate
  public DefaultHotReloader(@Reference CapsuleRegistry registry, @Reference ManifestReader reader) {
    this.registry = registry;
    this.reader = reader;
  }

  @Override
  public synchronized ReloadOutcome apply(CapsuleChange change) {
    ReloadOutcome outcome = switch (change) {
      case CapsuleChange.Added added -> installOrReplace(added.directory());
      case CapsuleChange.Changed changed -> installOrReplace(changed.directory());
      case CapsuleChange.Removed removed -> uninstall(removed.directory());
      case CapsuleChange.Failed failed -> new ReloadOutcome(failed.directory(), Optional.empty(), Action.IGNORED,
          failed.message());
    };
    LOG.info("{}", outcome);
    return outcome;
  }

  private ReloadOutcome installOrReplace(Path directory) {
    Optional<Capsule> current = installedFrom(directory);
    ManifestReport report = reader.read(directory.resolve(CapsuleManifest.FILE_NAME));
    if (report.hasErrors()) {
      // One error a line: the launcher shows each on its own line (issue 19).
      String errors = report.errors().stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
      return current.isPresent()
          ? outcome(directory, current.get().id(), Action.KEPT, "the new manifest is invalid, the old version"
              + " keeps serving:\n" + errors)
          : new ReloadOutcome(directory, Optional.empty(), Action.REJECTED, "the manifest is invalid:\n" + errors);
    }
    CapsuleManifest manifest = report.orThrow();
    String id = manifest.name();
    if (current.isPresent() && !current.get().id().equals(id)) {
      // The capsule was renamed: the old name goes, the new one comes.
      registry.uninstall(current.get().id());
      current = Optional.empty();
    }
    Optional<Capsule> sameName = registry.capsule(id);
    if (current.isEmpty() && sameName.isPresent()) {
      shadowed.computeIfAbsent(id, n -> new LinkedHashSet<>()).add(normal(directory));
      return outcome(directory, id, Action.REJECTED, "capsule [" + id + "] is already installed from "
          + sameName.get().directory() + "; this one takes over if that one is removed");
    }
    if (current.isEmpty()) {
      registry.install(manifest, directory);
      return outcome(directory, id, Action.INSTALLED, registry.awaitSettled(id, LOAD_TIMEOUT).toString());
    }
    try {
      Capsule fresh = registry.replace(manifest, directory, LOAD_TIMEOUT);
      return outcome(directory, id, Action.REPLACED, "version " + fresh.manifest().version() + " is "
          + fresh.status());
    } catch (CapsuleException e) {
      return outcome(directory, id, Action.KEPT, e.getMessage());
    }
  }

  private ReloadOutcome uninstall(Path directory) {
    Optional<Capsule> current = installedFrom(directory);
    if (current.isEmpty()) {
      shadowed.values().forEach(dirs -> dirs.remove(normal(directory)));
      shadowed.values().removeIf(Set::isEmpty);
      return new ReloadOutcome(directory, Optional.empty(), Action.IGNORED, "no capsule was installed from it");
    }
    String id = current.get().id();
    registry.uninstall(id);
    return takeOver(id).map(successor -> outcome(directory, id, Action.UNINSTALLED, "unloaded; the capsule from "
        + successor.directory() + " takes over: " + successor.message()))
        .orElseGet(() -> outcome(directory, id, Action.UNINSTALLED, "unloaded"));
  }

  /** Installs the first directory shadowed by the removed capsule {@code id} that still declares it. */
  private Optional<ReloadOutcome> takeOver(String id) {
    Set<Path> candidates = shadowed.remove(id);
    if (candidates == null) {
      return Optional.empty();
    }
    List<Path> waiting = new ArrayList<>(candidates);
    while (!waiting.isEmpty()) {
      ReloadOutcome outcome = installOrReplace(waiting.removeFirst());
      if (outcome.action() == Action.INSTALLED) {
        // The others stay shadowed, now by the successor.
        waiting.forEach(dir -> shadowed.computeIfAbsent(id, n -> new LinkedHashSet<>()).add(dir));
        return Optional.of(outcome);
      }
    }
    return Optional.empty();
  }

  private static Path normal(Path directory) {
    return directory.toAbsolutePath().normalize();
  }

  private Optional<Capsule> installedFrom(Path directory) {
    Path wanted = directory.toAbsolutePath().normalize();
    return registry.capsules().stream()
        .filter(c -> c.directory().toAbsolutePath().normalize().equals(wanted))
        .findFirst();
  }

  private static ReloadOutcome outcome(Path directory, String id, Action action, String message) {
    return new ReloadOutcome(directory, Optional.of(id), action, message);
  }
}
