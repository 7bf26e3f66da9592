package io.astrid.capsule.api.discovery;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds capsules under roots. An OSGi service; thread-safe.
 *
 * <p>Each immediate subdirectory of a root that holds a {@code Capsule.toml} is a capsule. A
 * broken manifest is reported in {@link DiscoveryReport#broken()} and never stops the others;
 * two directories with the same capsule name are reported in
 * {@link DiscoveryReport#duplicates()} with both paths, and the one under the earlier root wins.
 * Hidden directories (names starting with a dot) are skipped; a root given twice is searched once.
 * Capsules on a {@code [dependencies]} cycle are broken, with the cycle as their error.
 */
@ProviderType
public interface CapsuleDiscovery {

  /** Searches {@code roots} in order. */
  DiscoveryReport discover(List<CapsuleRoot> roots);
}
