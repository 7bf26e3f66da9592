package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code capsule remove ID}: removes an installed capsule and its stored values (issue 17). */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = {"Removes the installed capsule ID: its directory (renamed aside in one step, then deleted)"
        + " and every [env] value and grant stored for it.",
        "While 'capsule run' serves the roots, it runs through it and unloads the capsule first.",
        "Exits 1 when there is no such capsule."})
final class RemoveCommand extends DockingCommand implements Callable<Integer> {
  @Mixin
  private StandaloneOption standalone;

  @Parameters(index = "0", paramLabel = "ID", description = "the installed capsule's id")
  private String id;

  @Override
  public Integer call() {
    try {
      DiscoveredCapsule installed = InstalledCapsule.find(container(), searchedRoots(), id);
      if (running() != null) {
        // Unloaded before its files go: its tools stop answering cleanly, not halfway through a deletion.
        running().changes().removed(installed.directory());
      }
      int values = InstalledCapsule.environment(container()).removeAll(id);
      Path aside = installed.directory().resolveSibling(".removed-" + id + "-" + ProcessHandle.current().pid());
      Files.move(installed.directory(), aside, StandardCopyOption.ATOMIC_MOVE);
      CapsuleInstaller.deleteTree(aside);
      out().println("removed " + id + " from " + installed.directory().getParent() + " and " + values
          + (values == 1 ? " stored value" : " stored values"));
      return 0;
    } catch (CapsuleException e) {
      err().println("capsule remove: " + UntrustedText.escape(e.getMessage()));
      return 1;
    } catch (IOException e) {
      err().println("capsule remove: capsule [" + id + "] cannot be removed: " + e.getMessage());
      return 1;
    }
  }
}
