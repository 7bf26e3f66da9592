package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

/**
 * What a human is asked about: may this capsule do this action on this resource?
 *
 * @param id unique while it is pending
 * @param capsuleId the capsule
 * @param capability the action's capability ({@code net}, {@code fs_write}...)
 * @param resource what it touches (the URL, the path, the command)
 */
public record ApprovalRequest(String id, String capsuleId, String capability, String resource) {
  public ApprovalRequest {
    requireNonNull(id, "id");
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(capability, "capability");
    requireNonNull(resource, "resource");
  }

  @Override
  public String toString() {
    return "capsule [" + capsuleId + "] wants " + capability + " [" + resource + "]";
  }
}
