package io.astrid.capsule.shell;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code capsule:dock ROOT...} in Karaf: {@link ShellCommands#dock}. */
@Service
@Command(scope = "capsule", name = "dock", description = GogoCommands.DOCK)
public final class DockCommand implements Action {
  @Reference
  private CapsuleDiscovery discovery;

  @Reference
  private CapsuleRegistry registry;

  @Argument(index = 0, name = "ROOT", description = GogoCommands.ROOTS, required = true, multiValued = true)
  @Completion(FileCompleter.class)
  private List<String> roots;

  @Override
  public Object execute() {
    ShellCommands.dock(discovery, registry, roots);
    return null;
  }
}
