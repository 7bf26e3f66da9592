package io.astrid.capsule.api.security;

import java.time.Duration;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A human in the loop. Register one as an OSGi service (the console prompt of the {@code capsule}
 * command is one); with none registered the runtime is headless and every "ask" is denied.
 */
@ConsumerType
public interface Approver {

  /**
   * Asks the human and waits for the answer.
   *
   * @param request what to ask about
   * @param timeout how long the caller waits
   * @return the answer, or empty when none came in time (the call is then denied)
   */
  Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout);

  /**
   * Asks the human to fill in the fields an MCP server requests (its {@code elicitation/create} when no
   * client can answer) and waits. The human may decline; an approver that cannot show a form (the
   * default) answers nothing, which the server gets as {@code cancel}.
   *
   * @return the answer, or empty when none came within {@code timeout}
   */
  default Optional<ElicitationAnswer> fill(ElicitationRequest request, Duration timeout) {
    return Optional.empty();
  }
}
