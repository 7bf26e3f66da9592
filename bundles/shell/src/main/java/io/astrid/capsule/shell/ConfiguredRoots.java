package io.astrid.capsule.shell;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docks the capsules of the roots configured under PID {@value #PID} ({@code etc/io.astrid.capsule.roots.cfg}
 * in Karaf) and hot-reloads edits under them: in Karaf, what {@code capsule run ROOT...} does in the embedded
 * launcher. Its capsules are uninstalled when it goes (configuration deleted or changed, bundle stopped).
 */
@Component(service = {}, configurationPid = ConfiguredRoots.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConfiguredRoots.Config.class)
public final class ConfiguredRoots {
  /** The configuration PID. */
  public static final String PID = "io.astrid.capsule.roots";
  private static final Logger LOG = LoggerFactory.getLogger(ConfiguredRoots.class);

  @ObjectClassDefinition(name = "Astrid Capsule roots", description = "Capsule roots docked at start and watched")
  @interface Config {
    @AttributeDefinition(description = "directories holding capsules, comma-separated (key: roots; required)")
    String roots();

    @AttributeDefinition(description = "hot-reload edits under the roots (key: watch; default true)")
    boolean watch() default true;
  }

  private final CapsuleRegistry registry;
  private final List<String> installed;
  private final CapsuleWatcher.Watch watch;

  @Activate
  public ConfiguredRoots(@Reference CapsuleDiscovery discovery, @Reference CapsuleRegistry registry,
      @Reference CapsuleWatcher watcher, @Reference HotReloader reloader, Config config) {
    this.registry = registry;
    List<CapsuleRoot> roots = Docking.roots(config.roots());
    Docking.Docked docked = Docking.dock(discovery, registry, roots);
    docked.problems().forEach(problem -> LOG.warn("capsule roots {}: {}", roots, problem));
    this.installed = docked.installed();
    this.watch = config.watch() ? watcher.watch(roots, change -> LOG.info("reload: {}", reloader.apply(change)))
        : null;
  }

  @Deactivate
  void deactivate() {
    if (watch != null) {
      watch.close();
    }
    installed.forEach(registry::uninstall);
  }
}
