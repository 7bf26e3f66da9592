package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:inspect ID} in Karaf: {@link ShellCommands#inspect}. */
@Service
@Command(scope = "capsule", name = "inspect", description = GogoCommands.INSPECT)
public final class InspectCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Argument(index = 0, name = "ID", description = GogoCommands.ID, required = true)
  @Completion(CapsuleIdCompleter.class)
  private String id;

  @Override
  public Object execute() {
    ShellCommands.inspect(registry, id);
    return null;
  }
}
