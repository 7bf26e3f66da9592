package io.astrid.capsule.api.runtime;

/**
 * Where a capsule is in its lifecycle.
 *
 * <pre>
 * UNLOADED → WAITING (an engine kind it needs has no factory, a dependency is not READY) → LOADING → READY
 * READY → WAITING (a factory it uses went away) → LOADING (it came back) → READY
 * LOADING → FAILED (an engine failed; the loaded ones were unloaded)
 * READY / WAITING / FAILED → UNLOADING → UNLOADED (uninstalled)
 * </pre>
 */
public enum CapsuleState {
  /** Not started, or uninstalled. */
  UNLOADED,
  /** Its engines are being loaded. */
  LOADING,
  /** Every engine is loaded; its tools and content are in the registry. */
  READY,
  /** Its engines are being unloaded. */
  UNLOADING,
  /**
   * Loading failed; the reason names the engine and the cause, or the dependency cycle the capsule
   * is on. A factory change retries.
   */
  FAILED,
  /**
   * A factory for an engine kind it needs is missing, or a capsule it depends on is missing, of
   * another version or not READY; it loads when they are there.
   */
  WAITING;

  /** True for the states a capsule stays in until something changes (not LOADING or UNLOADING). */
  public boolean isSettled() {
    return this != LOADING && this != UNLOADING;
  }
}
