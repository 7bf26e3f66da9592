package io.astrid.capsule.api.watch;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Applies watcher changes to the capsule registry: added capsules are installed, changed ones
 * replaced atomically (a new version that does not parse or load leaves the old one serving),
 * removed ones uninstalled. An OSGi service; thread-safe.
 */
@ProviderType
public interface HotReloader {

  /** Applies one change, waiting until it is done; never throws for a broken capsule. */
  ReloadOutcome apply(CapsuleChange change);
}
