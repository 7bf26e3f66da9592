package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.host.CapsuleEnvironment;
import io.astrid.capsule.api.host.StateDirectory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Finding an installed capsule by id in the roots, and opening the value store, for the docking commands. */
final class InstalledCapsule {
  private InstalledCapsule() {}

  /** The capsule {@code id} as discovery finds it in {@code roots} (the first root that has it wins). */
  static DiscoveredCapsule find(Container container, List<CapsuleRoot> roots, String id) {
    claimState();
    return container.service(CapsuleDiscovery.class).discover(roots).capsules().stream()
        .filter(c -> c.report().manifest().map(m -> m.name().equals(id)).orElse(false))
        .findFirst()
        .orElseThrow(() -> new CapsuleException("capsule [" + id + "] is not installed in "
            + roots.stream().map(r -> r.directory().toString()).toList()));
  }

  /** The store of {@code [env]} values, once this process holds the state directory ({@link StateLock}). */
  static CapsuleEnvironment environment(Container container) {
    claimState();
    return container.service(CapsuleEnvironment.class);
  }

  /**
   * Claims the state directory before the framework's services start: they open its stores, which a
   * running runtime holds; this way the command stops at once with the holder's pid instead.
   */
  static void claimState() {
    // No --wait on these yet: they stop at once with the busy status, naming the holder.
    StateLock.claim(StateDirectory.resolve(null, System.getProperty(StateDirectory.PROPERTY)), Duration.ZERO,
        new PrintWriter(System.err, true));
  }
}
