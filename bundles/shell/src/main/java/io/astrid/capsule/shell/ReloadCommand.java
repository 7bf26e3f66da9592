package io.astrid.capsule.shell;

import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:reload ID} in Karaf: {@link ShellCommands#reload}. */
@Service
@Command(scope = "capsule", name = "reload", description = GogoCommands.RELOAD)
public final class ReloadCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Reference
  private ManifestReader reader;

  @Argument(index = 0, name = "ID", description = GogoCommands.ID, required = true)
  @Completion(CapsuleIdCompleter.class)
  private String id;

  @Override
  public Object execute() {
    ShellCommands.reload(registry, reader, id);
    return null;
  }
}
