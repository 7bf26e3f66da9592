package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code capsule:call TOOL [JSON]} in Karaf: {@link ShellCommands#call}. A call whose tool failed fails the command
 * with the tool's error text, as Karaf's commands fail: Karaf prints {@code Error executing command: TEXT}, and
 * {@code bin/client} exits 1 (what the command wrote to its error stream never reaches that client).
 */
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
    ShellCommands.call(registry, tool, arguments).ifPresent(error -> {
      throw new IllegalStateException(error);
    });
    return null;
  }
}
