package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.file.Path;

/**
 * Who asks: a capsule, with the manifest that declares its capabilities, and the workspace its
 * file system capabilities are confined to.
 *
 * @param capsuleId the capsule's id
 * @param manifest its manifest ({@code [capabilities]}, {@code [[uplink]]})
 * @param workspaceRoot the directory that {@code fs_read}/{@code fs_write} prefixes are relative
 *     to and can never leave
 */
public record SecuritySubject(String capsuleId, CapsuleManifest manifest, Path workspaceRoot) {
  public SecuritySubject {
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(manifest, "manifest");
    requireNonNull(workspaceRoot, "workspaceRoot");
  }
}
