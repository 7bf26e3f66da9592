package io.astrid.capsule.api.security;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The "always" and "deny always" answers the security gate keeps, for user interfaces that show and revoke
 * them. An OSGi service of the security gate; thread-safe. A revoked answer is asked about again at the next
 * request it covered (a JVM capsule already loaded keeps running until it is reloaded).
 */
@ProviderType
public interface StoredApprovals {

  /** The stored answers, ordered by capsule, capability and resource. */
  List<StoredApproval> stored();

  /**
   * Forgets the stored answer for this capsule, capability and resource.
   *
   * @return false when no answer was stored for them
   */
  boolean revoke(String capsuleId, String capability, String resource);
}
