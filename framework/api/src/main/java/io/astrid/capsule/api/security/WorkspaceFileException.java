package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

import io.astrid.capsule.api.CapsuleException;

/**
 * A {@link WorkspaceFiles} call failed: the gate denied it, or the file system refused it.
 *
 * <p>For a denial the message is the gate's reason ({@code fs_read [path] denied: why}); otherwise
 * it is {@code file [path]: problem}.
 */
public class WorkspaceFileException extends CapsuleException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;
  private final boolean denied;

  private WorkspaceFileException(String message, String path, String problem, boolean denied, Throwable cause) {
    super(message, cause);
    this.path = requireNonNull(path, "path");
    this.problem = requireNonNull(problem, "problem");
    this.denied = denied;
  }

  /** The gate denied the call; {@code reason} is its decision's reason. */
  public static WorkspaceFileException denied(String path, String reason) {
    return new WorkspaceFileException(reason, path, reason, true, null);
  }

  /** The file system refused the call, for the reason {@code problem} ("no such file or directory"). */
  public static WorkspaceFileException failed(String path, String problem, Throwable cause) {
    return new WorkspaceFileException("file [" + path + "]: " + problem, path, problem, false, cause);
  }

  /** The path as the caller wrote it. */
  public String path() {
    return path;
  }

  /** For a denial the gate's whole reason; otherwise what was wrong, such as "no such file or directory". */
  public String problem() {
    return problem;
  }

  /** True when the gate denied the call, false when the file system refused it. */
  public boolean denied() {
    return denied;
  }
}
