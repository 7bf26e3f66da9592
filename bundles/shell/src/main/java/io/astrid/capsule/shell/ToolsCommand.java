package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:tools} in Karaf: {@link ShellCommands#tools}. */
@Service
@Command(scope = "capsule", name = "tools", description = GogoCommands.TOOLS)
public final class ToolsCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Override
  public Object execute() {
    ShellCommands.tools(registry);
    return null;
  }
}
