/**
 * How GraalVM calls a host function of the wasm engine: {@link io.astrid.capsule.hostcall.HostCall}. Loaded once per
 * JVM from the boot path (the launcher's {@code lib/}, Karaf's {@code lib/boot}) and exported by the system bundle.
 */
@Export
@Version("1.0.0")
package io.astrid.capsule.hostcall;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
