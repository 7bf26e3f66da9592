package io.astrid.capsule.shell;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.internal.text.TextTable;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code capsule:dock ROOT...}: docks the capsules of some roots, waits until each settled, prints the table. */
@Service
@Command(scope = "capsule", name = "dock", description = "Docks every capsule found under the roots.")
public final class DockCommand implements Action {
  @Reference
  private CapsuleDiscovery discovery;

  @Reference
  private CapsuleRegistry registry;

  @Argument(index = 0, name = "ROOT", description = "directories holding capsules", required = true,
      multiValued = true)
  @Completion(FileCompleter.class)
  private List<String> roots;

  @Override
  public Object execute() {
    Docking.Docked docked = Docking.dock(discovery, registry, Docking.roots(String.join(",", roots)));
    docked.installed().forEach(id -> registry.awaitSettled(id, ReloadCommand.TIMEOUT));
    Console.error(err -> docked.problems().forEach(err::println));
    Console.print(out -> TextTable.capsules(out, registry));
    return null;
  }
}
