package io.astrid.capsule.launcher;

import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.host.UplinkListener;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.PrintWriter;

/**
 * The {@link UplinkListener} of {@code capsule run}: each message a capsule sends through an uplink is
 * one line of the console, {@code uplink CAPSULE/NAME from USER: CONTENT}, escaped (a platform user's
 * text must not move the cursor or forge another line) and cut at {@value #MAX_SHOWN_CHARS}
 * characters.
 */
final class ConsoleUplinks implements UplinkListener {
  static final int MAX_SHOWN_CHARS = 4096;
  private final PrintWriter out;

  ConsoleUplinks(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void received(UplinkHub.Registration uplink, String platformUser, String content) {
    out.println("uplink " + uplink.capsuleId() + "/" + uplink.name() + " from "
        + UntrustedText.escape(platformUser, MAX_SHOWN_CHARS) + ": " + UntrustedText.escape(content, MAX_SHOWN_CHARS));
    out.flush();
  }
}
