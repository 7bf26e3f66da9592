package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.host.AstridHome;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.internal.text.UntrustedText;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code capsule install SOURCE}: docks a capsule with consent and its [env] values (issue 17). */
@Command(name = "install", mixinStandardHelpOptions = true,
    description = {"Installs a capsule from a directory or a .tar.gz/.tgz/.zip archive into ./.astrid/plugins"
        + " (--user: $ASTRID_HOME/plugins): validates its manifest, shows what it asks for (capabilities, host"
        + " processes, JVM code, MCP servers with their commands, env values), asks consent, asks for each [env]"
        + " value, then moves it into place in one step. A failed or refused install leaves nothing behind.",
        "Installing again keeps the stored values (--reconfigure asks for all of them again).",
        "While 'capsule run' serves the workspace, the capsule is installed through it and loaded at once; the"
            + " questions are still asked here.",
        "Exits 1 when the capsule was not installed."})
final class InstallCommand extends CapsuleSubcommand implements Callable<Integer> {
  @Mixin
  private InstallOptions options;

  @Mixin
  private StandaloneOption standalone;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "a capsule directory, .tar.gz, .tgz or .zip")
  private Path source;

  @Option(names = "--user", description = "install into the user's root $ASTRID_HOME/plugins")
  private boolean user;

  @Option(names = "--reconfigure", description = "forget the stored [env] values and ask for each again")
  private boolean reconfigure;

  @Override
  public Integer call() {
    // As the user named it (relative to the workspace), for the message; installed where that is.
    Path root = user ? AstridHome.directory().resolve(AstridHome.PLUGINS) : Path.of(CapsuleRoot.PLUGINS_DIRECTORY);
    InstallConsole console = console();
    try {
      CapsuleManifest manifest = options.install(container(), console, source, resolve(root), Optional.empty(),
          reconfigure);
      console.tell("installed " + manifest.name() + " " + manifest.version() + " in " + root.resolve(manifest.name()));
      if (running() != null) {
        LiveChanges.problem(running().changes().placed(resolve(root).resolve(manifest.name())))
            .ifPresent(problem -> err().println("capsule install: the running runtime did not load it: "
                + UntrustedText.escapeKeepingLines(problem)));
      }
      return 0;
    } catch (CapsuleException e) {
      err().println("capsule install: " + UntrustedText.escape(e.getMessage()));
      return 1;
    }
  }
}
