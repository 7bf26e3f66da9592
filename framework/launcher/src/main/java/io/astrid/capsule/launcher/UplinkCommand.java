package io.astrid.capsule.launcher;

import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.internal.text.UntrustedText;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code capsule uplink CAPSULE UPLINK USER MESSAGE...}: the host sends a capsule's uplink a message. */
@Command(name = "uplink", mixinStandardHelpOptions = true,
    description = {"Sends MESSAGE from platform user USER to the uplink UPLINK that capsule CAPSULE registered"
        + " (astrid_uplink_register), as the platform it connects would: the capsule receives it on its"
        + " subscription to astrid.uplink.CAPSULE.UPLINK (docs/wasm-abi.md).",
        "It runs in the running runtime (capsule run), where the capsule registered its uplink. Exits "
            + ExitCodes.FAILED + " when the uplink is not registered or no subscription of the capsule took the"
            + " message."})
final class UplinkCommand extends DockingCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CAPSULE", description = "the capsule, such as uplink-echo")
  private String capsule;

  @Parameters(index = "1", paramLabel = "UPLINK", description = "the uplink's name, an [[uplink]] of its manifest")
  private String uplink;

  @Parameters(index = "2", paramLabel = "USER", description = "the platform user the message is from")
  private String user;

  @Parameters(index = "3..*", arity = "1..*", paramLabel = "MESSAGE", description = "the message; the words are"
      + " joined by spaces")
  private List<String> words;

  @Mixin
  private StandaloneOption standalone;

  @Override
  public Integer call() {
    dock();
    int taken;
    try {
      taken = container().service(UplinkHub.class).deliver(capsule, uplink, user, String.join(" ", words));
    } catch (IllegalArgumentException e) {
      err().println("capsule uplink: " + UntrustedText.escape(e.getMessage()));
      return ExitCodes.FAILED;
    }
    if (taken == 0) {
      err().println("capsule uplink: no subscription of capsule [" + UntrustedText.escape(capsule) + "] took the"
          + " message: it receives its uplink's messages by subscribing to " + UntrustedText.escape(
          UplinkHub.inboundTopic(capsule, uplink)));
      return ExitCodes.FAILED;
    }
    out().println("delivered to " + taken + (taken == 1 ? " subscription" : " subscriptions"));
    return ExitCodes.OK;
  }
}
