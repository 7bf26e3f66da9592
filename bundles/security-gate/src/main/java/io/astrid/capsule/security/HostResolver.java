package io.astrid.capsule.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a DNS name to its addresses, once per request: the gate judges each of them and the
 * engine connects to those only. The system's resolver in the runtime; tests give names of their own.
 */
@FunctionalInterface
interface HostResolver {
  HostResolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));

  List<InetAddress> resolve(String name) throws UnknownHostException;
}
