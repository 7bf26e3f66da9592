/**
 * The root of the Astrid Capsule API: the exception hierarchy shared by every phase.
 *
 * <p>Everything in {@code io.astrid.capsule.api} and its subpackages depends on the JDK only, so
 * engine authors and host embedders can compile against it without the runtime.
 */
@Export
@Version("0.1.0")
package io.astrid.capsule.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
