package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.internal.text.TextTable;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:list}: the command line's status table. */
@Service
@Command(scope = "capsule", name = "list", description = "Lists the docked capsules: version, state, engines, tools.")
public final class ListCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Override
  public Object execute() {
    Console.print(out -> TextTable.capsules(out, registry));
    return null;
  }
}
