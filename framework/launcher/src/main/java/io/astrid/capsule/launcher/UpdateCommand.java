package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.internal.text.UntrustedText;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code capsule update ID SOURCE}: replaces an installed capsule in one step, keeping its values (issue 17). */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = {"Replaces the installed capsule ID with the one from SOURCE (a directory, .tar.gz, .tgz or"
        + " .zip of the same capsule), with consent, keeping its stored [env] values and asking only for new"
        + " ones. The directory is swapped with one rename.",
        "While 'capsule run' serves the roots, the update runs through it and swaps the capsule in place: the old"
            + " version answers calls until the new one is READY; the questions are still asked here.",
        "Exits 1 when the capsule was not updated; the installed version is then untouched."})
final class UpdateCommand extends DockingCommand implements Callable<Integer> {
  @Mixin
  private InstallOptions options;

  @Mixin
  private StandaloneOption standalone;

  @Parameters(index = "0", paramLabel = "ID", description = "the installed capsule's id")
  private String id;

  @Parameters(index = "1", paramLabel = "SOURCE", description = "a capsule directory, .tar.gz, .tgz or .zip")
  private Path source;

  @Override
  public Integer call() {
    InstallConsole console = console();
    try {
      DiscoveredCapsule installed = InstalledCapsule.find(container(), searchedRoots(), id);
      CapsuleManifest manifest = options.install(container(), console, source, installed.directory().getParent(),
          Optional.of(id), false);
      console.tell("updated " + id + " " + installed.report().orThrow().version() + " to " + manifest.version()
          + " in " + installed.directory());
      if (running() != null) {
        Optional<String> problem = LiveChanges.problem(running().changes().placed(installed.directory()));
        if (problem.isPresent()) {
          err().println("capsule update: the running runtime keeps serving the old version: "
              + UntrustedText.escapeKeepingLines(problem.get()));
          return 1;
        }
      }
      return 0;
    } catch (CapsuleException e) {
      err().println("capsule update: " + UntrustedText.escape(e.getMessage()));
      return 1;
    }
  }
}
