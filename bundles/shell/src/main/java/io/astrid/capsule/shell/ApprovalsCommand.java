package io.astrid.capsule.shell;

import io.astrid.capsule.api.security.PendingApprovals;
import io.astrid.capsule.api.security.StoredApprovals;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:approvals [ID ANSWER]} in Karaf: {@link Approvals#run}. */
@Service
@Command(scope = "capsule", name = "approvals", description = GogoCommands.APPROVALS)
public final class ApprovalsCommand implements Action {
  @Reference(optional = true)
  private PendingApprovals approvals;

  @Reference
  private StoredApprovals stored;

  @Option(name = "--stored", aliases = "-s", description = GogoCommands.STORED)
  private boolean listStored;

  @Option(name = "--revoke", aliases = "-r", description = GogoCommands.REVOKE)
  private boolean revoke;

  @Argument(index = 0, name = "ARGS", multiValued = true, description = GogoCommands.APPROVAL_ARGS)
  private List<String> arguments = List.of();

  @Override
  public Object execute() {
    Approvals.run(approvals, stored, listStored, revoke, arguments == null ? List.of() : arguments);
    return null;
  }
}
