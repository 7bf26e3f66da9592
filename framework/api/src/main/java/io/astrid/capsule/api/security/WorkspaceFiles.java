package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A capsule's files in its workspace, judged and touched in one operation. Each call puts the
 * guest's path to the security gate ({@code fs_read} for looking, {@code fs_write} for changing),
 * which resolves it once to the real path it judges; the call then acts on exactly that path,
 * opening it one name at a time from a handle on the workspace without following any symbolic
 * link, so a link swapped in after the judgement fails the call instead of leading elsewhere. The
 * audit log and an approval name that same real path.
 *
 * <p>Paths are relative to the subject's workspace root, or absolute inside it. An OSGi service
 * of the security-gate bundle; thread-safe. Every failure — a denial, a missing file, a path that
 * changed while it was being opened — is a {@link WorkspaceFileException}.
 */
@ProviderType
public interface WorkspaceFiles {

  /** True when the path names something (a link is not followed). Needs {@code fs_read}. */
  boolean exists(SecuritySubject subject, String path);

  /** The entries of a directory, sorted by name. Needs {@code fs_read}. */
  List<Entry> list(SecuritySubject subject, String path);

  /** What the path names. Needs {@code fs_read}. */
  Entry stat(SecuritySubject subject, String path);

  /**
   * A regular file's bytes. The cap is enforced while reading, so a file that grows or is
   * swapped during the read cannot exceed it. Needs {@code fs_read}.
   *
   * @param maxBytes the most bytes returned; a longer file fails the call
   */
  byte[] read(SecuritySubject subject, String path, int maxBytes);

  /**
   * Replaces (or creates) a file: the bytes go to a temporary file in the same directory, which
   * is then renamed over the target, so a reader never sees half a file. Needs {@code fs_write}.
   */
  void write(SecuritySubject subject, String path, byte[] content);

  /** Creates the directory and its missing parents; an existing directory is fine. Needs {@code fs_write}. */
  void createDirectories(SecuritySubject subject, String path);

  /** Deletes a file, a link (never what it points to) or an empty directory. Needs {@code fs_write}. */
  void delete(SecuritySubject subject, String path);

  /** What a directory entry is; a link is reported as itself, never as its target. */
  enum Type {
    FILE, DIRECTORY, SYMLINK, OTHER
  }

  /**
   * One file system entry.
   *
   * @param name its name in its directory (the workspace root's own name for the root)
   * @param type what it is
   * @param size its size in bytes, as the file system reports it
   * @param modified when it was last modified
   */
  record Entry(String name, Type type, long size, Instant modified) {
    public Entry {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      requireNonNull(modified, "modified");
    }
  }
}
