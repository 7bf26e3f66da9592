package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:call TOOL [JSON]} in Karaf: {@link ShellCommands#call}. */
@Service
@Command(scope = "capsule", name = "call", description = GogoCommands.CALL)
public final class CallCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Argument(index = 0, name = "TOOL", description = GogoCommands.TOOL, required = true)
  @Completion(ToolNameCompleter.class)
  private String tool;

  @Argument(index = 1, name = "JSON", description = GogoCommands.JSON)
  private String arguments = GogoCommands.NO_ARGUMENTS;

  @Override
  public Object execute() {
    ShellCommands.call(registry, tool, arguments);
    return null;
  }
}
