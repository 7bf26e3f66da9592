package io.astrid.capsule.launcher;

import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleState;
import java.io.PrintWriter;

/**
 * What {@code capsule run} prints while its capsules first load: one line per capsule as it settles
 * ({@code capsule notes: READY}), so that a slow one (an MCP server fetched by npx) does not leave the
 * user before a blank screen until all are up (issue 19). Registered before the first capsule is
 * installed; once they are loaded, {@link ChangeReport} reports each change instead.
 */
final class RunProgress implements CapsuleListener {
  private final PrintWriter out;
  private volatile boolean loaded;

  RunProgress(PrintWriter out) {
    this.out = out;
  }

  /** From now on {@link ChangeReport} reports the changes. */
  void loaded() {
    loaded = true;
  }

  @Override
  public void capsuleChanged(CapsuleEvent event) {
    CapsuleState state = event.current().state();
    if (!loaded && state.isSettled() && state != CapsuleState.UNLOADED) {
      // The state only: the table that follows gives a FAILED or WAITING capsule's reason, once.
      print("capsule " + event.capsuleId() + ": " + state);
    }
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
