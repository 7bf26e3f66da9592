/**
 * The security boundary every host call of a capsule crosses: the
 * {@link io.astrid.capsule.api.security.CapsuleSecurityGate} service, the requests it judges, its
 * decisions, and the human-in-the-loop {@link io.astrid.capsule.api.security.Approver}.
 */
@Export
@Version("0.2.0")
package io.astrid.capsule.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
