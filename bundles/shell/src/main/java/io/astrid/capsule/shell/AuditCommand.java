package io.astrid.capsule.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

/** {@code capsule:audit [-n N]} in Karaf: {@link ShellCommands#audit}. */
@Service
@Command(scope = "capsule", name = "audit", description = GogoCommands.AUDIT)
public final class AuditCommand implements Action {
  @Reference
  private ConfigurationAdmin configurations;

  @Option(name = "-n", description = GogoCommands.LINES)
  private int lines = ShellCommands.AUDIT_LINES;

  @Override
  public Object execute() {
    ShellCommands.audit(configurations, lines);
    return null;
  }
}
