/**
 * The SPI of JVM capsules: what a capsule's own jars implement and what they are handed.
 *
 * <p>A JVM capsule names its jar in {@code [component] entrypoint = "lib/tools.jar"}; every jar in
 * that directory is resolved as a module (named or automatic) into a module layer of the capsule's
 * own, whose parent exposes this API and nothing else of the container. The capsule's
 * {@link io.astrid.capsule.api.jvm.CapsuleToolProvider} services, found with
 * {@link java.util.ServiceLoader} in that layer, offer its tools, its
 * {@link io.astrid.capsule.api.jvm.CapsuleCommandProvider}s its commands and its
 * {@link io.astrid.capsule.api.jvm.CapsuleHookProvider} the {@link io.astrid.capsule.api.jvm.HookHandler}
 * of its interceptors; each is handed a {@link io.astrid.capsule.api.jvm.CapsuleHost}, the
 * capsule's only way to the host's services.
 *
 * <p>The API classes are seen by the capsule's modules as the unnamed module of the API's class
 * loader; a named capsule module says {@code requires io.astrid.capsule.api;}, which the runtime
 * satisfies with a module of that name holding no packages, and then grants the capsule's modules
 * read access to the API's classes.
 */
@Export
@Version("0.3.0")
package io.astrid.capsule.api.jvm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
