package io.astrid.capsule.api.host;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives what platform users send through uplinks. Register one as an OSGi service (whiteboard). */
@ConsumerType
public interface UplinkListener {

  /** {@code content} from {@code platformUser}, through {@code uplink}. */
  void received(UplinkHub.Registration uplink, String platformUser, String content);
}
