package io.astrid.capsule.security;

import java.util.Optional;

/**
 * One {@code [capabilities] net} entry: {@code *} (every host), {@code *.example.org} (its
 * subdomains), a name (itself and its subdomains), or an IP address (exactly), each optionally
 * with a port (then only that port).
 *
 * @param written the entry as declared, for messages
 * @param any true for {@code *}
 * @param subdomainsOnly true for {@code *.name}
 * @param address the declared host (its port is -1 when any port will do)
 */
record NetRule(String written, boolean any, boolean subdomainsOnly, NetAddress address) {

  /** The rule an entry declares, or empty when the entry cannot match anything (reported by validation). */
  static Optional<NetRule> of(String entry) {
    if (entry.equals("*")) {
      return Optional.of(new NetRule(entry, true, false, null));
    }
    boolean wildcard = entry.startsWith("*.");
    try {
      NetAddress address = NetAddress.parseDeclared(wildcard ? entry.substring(2) : entry);
      return Optional.of(new NetRule(entry, false, wildcard, address));
    } catch (NetAddress.Refused e) {
      return Optional.empty();
    }
  }

  boolean matches(NetAddress target) {
    if (any) {
      return true;
    }
    if (address.port() >= 0 && address.port() != target.port()) {
      return false;
    }
    if (address.kind() != NetAddress.Kind.DNS || target.kind() != NetAddress.Kind.DNS) {
      return address.kind() != NetAddress.Kind.DNS && target.kind() != NetAddress.Kind.DNS
          && address.comparableHost().equals(target.comparableHost());
    }
    String host = target.host();
    String declared = address.host();
    boolean subdomain = host.endsWith("." + declared);
    return subdomainsOnly ? subdomain : subdomain || host.equals(declared);
  }
}
