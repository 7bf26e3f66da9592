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
import java.util.Optional;
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
      return outcome(directory, id, Action.REJECTED, "capsule [" + id + "] is already installed from "
          + sameName.get().directory());
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
      return new ReloadOutcome(directory, Optional.empty(), Action.IGNORED, "no capsule was installed from it");
    }
    registry.uninstall(current.get().id());
    return outcome(directory, current.get().id(), Action.UNINSTALLED, "unloaded");
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
