package io.astrid.capsule.shell;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.PendingApprovals;
import io.astrid.capsule.internal.text.TextTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code capsule:approvals [ID ANSWER]}: the approval requests waiting for a human, or the answer to one. The
 * queue (PID {@code io.astrid.capsule.security.queue}, configured in our assembly) must exist.
 */
@Service
@Command(scope = "capsule", name = "approvals",
    description = "Lists pending approval requests; with ID and ANSWER (once, session, always, deny, deny_always)"
        + " answers one.")
public final class ApprovalsCommand implements Action {
  @Reference
  private PendingApprovals approvals;

  @Argument(index = 0, name = "ID", description = "a pending request's id")
  private String requestId;

  @Argument(index = 1, name = "ANSWER", description = "once, session, always, deny or deny_always")
  private String answer;

  @Override
  public Object execute() {
    if (requestId == null) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"ID", "CAPSULE", "CAPABILITY", "RESOURCE"});
      for (ApprovalRequest request : approvals.pending()) {
        rows.add(new String[] {request.id(), request.capsuleId(), request.capability(), request.resource()});
      }
      Console.print(out -> {
        TextTable.print(out, rows);
        if (rows.size() == 1) {
          out.println("no approval request is pending");
        }
      });
      return null;
    }
    if (answer == null) {
      throw new IllegalArgumentException("answer to [" + requestId + "] missing: one of " + answers());
    }
    ApprovalAnswer chosen;
    try {
      chosen = ApprovalAnswer.valueOf(answer.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("answer [" + answer + "] unknown: one of " + answers(), e);
    }
    if (!approvals.answer(requestId, chosen)) {
      throw new IllegalArgumentException("approval request [" + requestId + "] is not pending");
    }
    Console.print(out -> out.println("answered " + requestId + ": " + chosen.name().toLowerCase(Locale.ROOT)));
    return null;
  }

  private static List<String> answers() {
    return Arrays.stream(ApprovalAnswer.values()).map(a -> a.name().toLowerCase(Locale.ROOT)).toList();
  }
}
