/**
 * Running capsules: their {@link io.astrid.capsule.api.runtime.CapsuleState states}, the
 * {@link io.astrid.capsule.api.runtime.CapsuleRegistry} service that installs, replaces and calls
 * them, and the {@link io.astrid.capsule.api.runtime.CapsuleListener} whiteboard for lifecycle
 * events.
 */
@Export
@Version("0.5.0")
package io.astrid.capsule.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
