/**
 * Finding capsules: the roots searched, what was found there, and the
 * {@link io.astrid.capsule.api.discovery.CapsuleDiscovery} service.
 */
@Export
@Version("0.3.0")
package io.astrid.capsule.api.discovery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
