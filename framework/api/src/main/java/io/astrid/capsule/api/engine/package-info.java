/**
 * The engine SPI: what engine bundles implement. An
 * {@link io.astrid.capsule.api.engine.EngineFactory} is an OSGi service with the property
 * {@code engine.kind}; it creates {@link io.astrid.capsule.api.engine.ExecutionEngine}s for a
 * capsule, which the runtime loads in order, rolls back on failure, and unloads when the capsule
 * goes or the factory's bundle does.
 */
@Export
@Version("0.7.0")
package io.astrid.capsule.api.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
