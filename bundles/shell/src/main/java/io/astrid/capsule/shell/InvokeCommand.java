package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:invoke CAPSULE EXPORT [INPUT]} in Karaf: {@link ShellCommands#invoke}. */
@Service
@Command(scope = "capsule", name = "invoke", description = GogoCommands.INVOKE)
public final class InvokeCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Argument(index = 0, name = "CAPSULE", description = GogoCommands.ID, required = true)
  @Completion(CapsuleIdCompleter.class)
  private String capsule;

  @Argument(index = 1, name = "EXPORT", description = GogoCommands.EXPORT, required = true)
  private String export;

  @Argument(index = 2, name = "INPUT", description = GogoCommands.INPUT)
  private String input = "";

  @Override
  public Object execute() {
    ShellCommands.invoke(registry, capsule, export, input);
    return null;
  }
}
