/**
 * The security boundary every host call of a capsule crosses: the
 * {@link io.astrid.capsule.api.security.CapsuleSecurityGate} service, the requests it judges, its
 * decisions, the human-in-the-loop {@link io.astrid.capsule.api.security.Approver}, the answers it keeps
 * ({@link io.astrid.capsule.api.security.StoredApprovals}), and
 * {@link io.astrid.capsule.api.security.WorkspaceFiles}, the workspace's files judged and touched in one
 * operation.
 */
@Export
@Version("0.5.0")
package io.astrid.capsule.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
