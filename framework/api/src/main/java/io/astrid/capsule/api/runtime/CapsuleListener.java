package io.astrid.capsule.api.runtime;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every capsule state change. Register an implementation as an OSGi service (the
 * whiteboard pattern, like the framework's own listeners). Events of one capsule arrive in order,
 * on the capsule's lifecycle thread: return quickly. A listener that throws is logged and kept.
 */
@ConsumerType
public interface CapsuleListener {
  void capsuleChanged(CapsuleEvent event);
}
