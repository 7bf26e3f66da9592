package io.astrid.capsule.watcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.watch.CapsuleChange;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@link CapsuleWatcher} service on the JDK WatchService; one tree-hash cache for all its watches. */
@Component(service = CapsuleWatcher.class, configurationPid = CapsuleWatcher.PID)
@Designate(ocd = JdkCapsuleWatcher.Config.class)
public final class JdkCapsuleWatcher implements CapsuleWatcher {
  /** The keys of the watcher's PID, named by Declarative Services from the methods' names. */
  @ObjectClassDefinition(name = "Astrid capsule watcher", description = "How capsule run notices changed capsules.")
  public @interface Config {
    @AttributeDefinition(description = "quiet time per capsule before a change is reported, in milliseconds")
    long watcher_debounce_ms() default 500;

    @AttributeDefinition(description = "names of directories that are neither watched nor hashed; read at the"
        + " watcher's start")
    String[] watcher_ignored() default {".git", "node_modules", "target"};
  }

  private final TreeHasher hasher;
  /** Replaced by {@link #modified}; running watches read it at each change. */
  private volatile Duration debounce;
  private final List<TreeWatch> watches = new CopyOnWriteArrayList<>();

  @Activate
  public JdkCapsuleWatcher(Config config) {
    this.hasher = new TreeHasher(Set.of(config.watcher_ignored()));
    this.debounce = Duration.ofMillis(config.watcher_debounce_ms());
  }

  /**
   * A new quiet time without closing the watches of a running {@code capsule run} (issue 16). The
   * ignored names are part of the tree hashes already computed, so they wait for the next start.
   */
  @Modified
  void modified(Config config) {
    debounce = Duration.ofMillis(config.watcher_debounce_ms());
  }

  @Override
  public Watch watch(List<CapsuleRoot> roots, Consumer<CapsuleChange> listener) {
    TreeWatch watch = new TreeWatch(roots, listener, hasher, () -> debounce);
    watches.add(watch);
    return () -> {
      watches.remove(watch);
      watch.close();
    };
  }

  @Override
  public String hash(Path capsuleDirectory) {
    return hasher.hash(capsuleDirectory);
  }

  @Deactivate
  void deactivate() {
    watches.forEach(TreeWatch::close);
    watches.clear();
  }
}
