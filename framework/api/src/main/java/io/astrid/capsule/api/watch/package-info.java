/**
 * Watching capsule roots for changes: the {@link io.astrid.capsule.api.watch.CapsuleWatcher}
 * service, the {@link io.astrid.capsule.api.watch.CapsuleChange}s it reports, and the
 * {@link io.astrid.capsule.api.watch.HotReloader} that applies them to the registry.
 */
@Export
@Version("0.2.0")
package io.astrid.capsule.api.watch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
