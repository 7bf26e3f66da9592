package io.astrid.capsule.shell;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.ElicitationRequest;
import io.astrid.capsule.api.security.PendingApprovals;
import io.astrid.capsule.api.security.StoredApproval;
import io.astrid.capsule.api.security.StoredApprovals;
import io.astrid.capsule.internal.text.TextTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code capsule:approvals [ID ANSWER]}, written once for both shells: the approval requests and MCP servers' forms
 * waiting for a human, or the answer to one (a form's: {@code ID accept NAME=VALUE...}, {@code decline} or
 * {@code cancel}, {@link Forms}); with {@code --stored} the "always" and "deny always" answers the gate keeps, with
 * {@code --revoke CAPSULE CAPABILITY RESOURCE} one of them forgotten. Pending requests need the queue (PID
 * {@code io.astrid.capsule.security.queue}: in Karaf's {@code etc/}, and configured by {@code capsule shell});
 * stored answers exist without it (a terminal's [a]lways stores one too).
 */
final class Approvals {
  private Approvals() {}

  /** One run of the command; {@code approvals} is null when there is no queue. */
  static void run(PendingApprovals approvals, StoredApprovals stored, boolean listStored, boolean revoke,
      List<String> args) {
    if (listStored) {
      printStored(stored);
    } else if (revoke) {
      revoke(stored, args);
    } else if (args.isEmpty()) {
      printPending(queue(approvals));
    } else {
      answer(queue(approvals), args);
    }
  }

  private static void printPending(PendingApprovals approvals) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "CAPSULE", "CAPABILITY", "RESOURCE"});
    for (ApprovalRequest request : approvals.pending()) {
      rows.add(new String[] {request.id(), request.capsuleId(), request.capability(), request.resource()});
    }
    List<ElicitationRequest> forms = approvals.pendingForms();
    Console.print(out -> {
      TextTable.print(out, rows);
      if (rows.size() == 1) {
        out.println("no approval request is pending");
      }
      Forms.print(out, forms);
    });
  }

  private static void answer(PendingApprovals approvals, List<String> args) {
    String requestId = args.get(0);
    if (args.size() == 1) {
      throw new IllegalArgumentException("answer to [" + requestId + "] missing: one of " + answers() + "; to a"
          + " form one of " + Forms.ACTIONS);
    }
    if (Forms.isAction(args.get(1))) {
      Forms.answer(approvals, requestId, args.get(1), args.subList(2, args.size()));
      return;
    }
    if (args.size() > 2) {
      throw new IllegalArgumentException("approvals failed " + args + ": give ID ANSWER, --stored, or --revoke"
          + " CAPSULE CAPABILITY RESOURCE");
    }
    ApprovalAnswer chosen;
    try {
      chosen = ApprovalAnswer.valueOf(args.get(1).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("answer [" + args.get(1) + "] unknown: one of " + answers() + "; to a form"
          + " one of " + Forms.ACTIONS, e);
    }
    if (!approvals.answer(requestId, chosen)) {
      throw new IllegalArgumentException("approval request [" + requestId + "] is not pending");
    }
    Console.print(out -> out.println("answered " + requestId + ": " + word(chosen)));
  }

  private static void printStored(StoredApprovals stored) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CAPSULE", "CAPABILITY", "RESOURCE", "ANSWER"});
    for (StoredApproval answer : stored.stored()) {
      rows.add(new String[] {answer.capsuleId(), answer.capability(), answer.resource(), word(answer.answer())});
    }
    Console.print(out -> {
      TextTable.print(out, rows);
      if (rows.size() == 1) {
        out.println("no answer is stored");
      }
    });
  }

  private static void revoke(StoredApprovals stored, List<String> args) {
    if (args.size() != 3) {
      throw new IllegalArgumentException("revoke failed " + args + ": give CAPSULE CAPABILITY RESOURCE, as"
          + " capsule:approvals --stored lists them");
    }
    String which = String.join(" ", args);
    if (!stored.revoke(args.get(0), args.get(1), args.get(2))) {
      throw new IllegalArgumentException("revoke failed [" + which + "]: no answer is stored for it");
    }
    Console.print(out -> out.println("revoked " + which + "; it is asked about again"));
  }

  private static PendingApprovals queue(PendingApprovals approvals) {
    if (approvals == null) {
      throw new IllegalStateException("approval requests unavailable: no approval queue (the configuration"
          + " io.astrid.capsule.security.queue, etc/io.astrid.capsule.security.queue.cfg, is absent)");
    }
    return approvals;
  }

  private static String word(ApprovalAnswer answer) {
    return answer.name().toLowerCase(Locale.ROOT);
  }

  private static List<String> answers() {
    return Arrays.stream(ApprovalAnswer.values()).map(Approvals::word).toList();
  }
}
