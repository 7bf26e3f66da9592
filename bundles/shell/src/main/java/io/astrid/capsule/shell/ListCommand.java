package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:list} in Karaf: {@link ShellCommands#list}. */
@Service
@Command(scope = "capsule", name = "list", description = GogoCommands.LIST)
public final class ListCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Override
  public Object execute() {
    ShellCommands.list(registry);
    return null;
  }
}
