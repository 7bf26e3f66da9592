package io.astrid.capsule.shell;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code capsule:reload ID}: reads the capsule's manifest again and swaps it in atomically (the registry's
 * replace: the new one loads beside the old, which keeps serving if the new one fails).
 */
@Service
@Command(scope = "capsule", name = "reload", description = "Reloads one capsule from its directory.")
public final class ReloadCommand implements Action {
  /** As long as the command line waits for a capsule to load (MCP servers started through npx take seconds). */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Reference
  private CapsuleRegistry registry;

  @Reference
  private ManifestReader reader;

  @Argument(index = 0, name = "ID", description = "the capsule's name", required = true)
  @Completion(CapsuleIdCompleter.class)
  private String id;

  @Override
  public Object execute() {
    Capsule old = registry.capsule(id).orElseThrow(() -> new IllegalArgumentException("no capsule [" + id + "]"));
    CapsuleManifest manifest = reader.read(old.directory().resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Capsule reloaded = registry.replace(manifest, old.directory(), TIMEOUT);
    Console.print(out -> out.println("capsule " + reloaded.id() + " " + reloaded.manifest().version() + ": "
        + reloaded.status()));
    return null;
  }
}
