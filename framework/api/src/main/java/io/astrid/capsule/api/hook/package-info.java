/**
 * Capsules' interceptors as the runtime reaches them: a {@link io.astrid.capsule.api.hook.CapsuleHook}
 * is an engine's transport to a capsule's hook entry point (a WebAssembly guest's
 * {@code astrid_hook_trigger}, a JVM capsule's {@link io.astrid.capsule.api.jvm.HookHandler}, an MCP
 * server's tool).
 * The runtime decides which hooks see an event, in which order, and what their answers mean.
 */
@Export
@Version("1.0.0")
package io.astrid.capsule.api.hook;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
