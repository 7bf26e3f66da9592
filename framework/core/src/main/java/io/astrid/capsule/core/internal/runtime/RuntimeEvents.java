package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import java.util.Collection;

/** Where the capsule table announces what changed: listeners, and the whiteboard of tools. */
interface RuntimeEvents {
  /** A current capsule changed state. */
  void capsuleChanged(CapsuleEvent event);

  /** The set of current READY capsules is now {@code ready}: publish their tools, withdraw the others'. */
  void readyCapsules(Collection<Capsule> ready);

  /** Announces nothing (for tests that do not look). */
  RuntimeEvents NONE = new RuntimeEvents() {
    @Override
    public void capsuleChanged(CapsuleEvent event) {}

    @Override
    public void readyCapsules(Collection<Capsule> ready) {}
  };
}
