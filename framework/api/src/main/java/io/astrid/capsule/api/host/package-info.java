/**
 * Services the host offers capsules beyond tools: a per-capsule
 * {@link io.astrid.capsule.api.host.KeyValueStore}, a {@link io.astrid.capsule.api.host.MessageBus}
 * shared by capsules, the {@link io.astrid.capsule.api.host.UplinkHub} through which connector
 * capsules hand messages to the host and receive the host's, and the {@link io.astrid.capsule.api.host.CronScheduler}.
 * Engines reach them as OSGi services and expose them to guests (the WebAssembly engine as the
 * {@code astrid_*} host functions); each call names the capsule it is made for, so one service
 * keeps every capsule's data apart.
 */
@Export
@Version("0.5.0")
package io.astrid.capsule.api.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
