package io.astrid.capsule.gateway;

import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.host.UplinkListener;

/**
 * Passes what capsules send through their uplinks to every connected MCP client, as a log message
 * ({@code notifications/message}, level {@code info}, logger {@code uplink:CAPSULE/NAME}) whose
 * data is {@code {"capsule", "uplink", "platform", "platform_user", "content"}}: MCP has no message a
 * server sends a client unasked other than notifications, and a log message is the one clients show.
 */
final class UplinkForwarder implements UplinkListener {
  static final String LEVEL = "info";
  private final Sessions sessions;

  UplinkForwarder(Sessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public void received(UplinkHub.Registration uplink, String platformUser, String content) {
    sessions.log(LEVEL, "uplink:" + uplink.capsuleId() + "/" + uplink.name(), Json.MAPPER.createObjectNode()
        .put("capsule", uplink.capsuleId()).put("uplink", uplink.name()).put("platform", uplink.platform())
        .put("platform_user", platformUser).put("content", content));
  }
}
