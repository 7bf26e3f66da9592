package io.astrid.capsule.api.engine;

import org.osgi.annotation.versioning.ProviderType;

/** The capsule's ear for a loaded engine's troubles. Thread-safe; may be called from any thread. */
@ProviderType
public interface EngineMonitor {

  /**
   * The engine gave up (for example, its server crashed too often). The capsule unloads all its
   * engines and becomes FAILED with {@code reason}; calling this again has no further effect.
   */
  void failed(String reason);

  /**
   * The engine's contributions changed while loaded (a server's tool list changed); the
   * registry reads them again.
   */
  void contributionsChanged();

  /** A monitor that ignores everything, for engines used outside a capsule (tests, tools). */
  EngineMonitor IGNORE = new EngineMonitor() {
    @Override
    public void failed(String reason) {}

    @Override
    public void contributionsChanged() {}
  };
}
