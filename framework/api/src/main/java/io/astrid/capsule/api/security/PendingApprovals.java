package io.astrid.capsule.api.security;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The approval requests (and MCP servers' forms) waiting for a human, for user interfaces that answer
 * them from code. An OSGi service of the security gate; registering it also registers an
 * {@link Approver} that queues requests here until answered.
 */
@ProviderType
public interface PendingApprovals {

  /** The requests waiting now, oldest first. */
  List<ApprovalRequest> pending();

  /**
   * Answers a pending request.
   *
   * @return false when no request with that id is pending (answered, timed out, unknown)
   */
  boolean answer(String requestId, ApprovalAnswer answer);

  /** The forms of MCP servers waiting now ({@link Approver#fill}), oldest first. */
  List<ElicitationRequest> pendingForms();

  /**
   * Answers a pending form.
   *
   * @return false when no form with that id is pending (answered, timed out, unknown)
   */
  boolean answer(String requestId, ElicitationAnswer answer);
}
