package io.astrid.capsule.security;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One {@code [capabilities] net} entry: {@code *} (every host), {@code *.example.org} (its
 * subdomains), a name (itself and its subdomains), an IP address (exactly) or an IP range
 * ({@code 10.0.0.0/8}, {@code [fc00::]/7}), each with an optional port: none means the URL's
 * scheme's default port only, {@code :N} that port, {@code :*} every port. Only an address or range
 * reaches a special-purpose address ({@link SpecialAddresses}); a name or {@code *} never does.
 *
 * @param written the entry as declared, for messages
 * @param kind what it names
 * @param name the declared DNS name, for {@link Kind#NAME} and {@link Kind#SUBDOMAINS}
 * @param range the declared addresses, for {@link Kind#RANGE}
 * @param port the declared port, {@link NetAddress#DEFAULT_PORT} or {@link NetAddress#ANY_PORT}
 */
record NetRule(String written, Kind kind, String name, Cidr range, int port) {

  enum Kind { ANY, NAME, SUBDOMAINS, RANGE }

  /** The rule an entry declares, or empty when the entry cannot match anything (reported by validation). */
  static Optional<NetRule> of(String entry) {
    try {
      if (entry.equals("*") || entry.equals("*:*")) {
        return Optional.of(new NetRule(entry, Kind.ANY, null, null,
            entry.equals("*") ? NetAddress.DEFAULT_PORT : NetAddress.ANY_PORT));
      }
      boolean wildcard = entry.startsWith("*.");
      int slash = entry.indexOf('/');
      String written = wildcard ? entry.substring(2) : entry;
      if (slash < 0) {
        NetAddress address = NetAddress.parseDeclared(written);
        return Optional.ofNullable(address.kind() == NetAddress.Kind.DNS
            ? new NetRule(entry, wildcard ? Kind.SUBDOMAINS : Kind.NAME, address.host(), null, address.port())
            : wildcard ? null : new NetRule(entry, Kind.RANGE, null, fullRange(address.ipAddress()), address.port()));
      }
      return wildcard ? Optional.empty() : range(entry, slash);
    } catch (NetAddress.Refused | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code address/length} with an optional port: {@code 10.0.0.0/8}, {@code [fc00::]/7:*}. */
  private static Optional<NetRule> range(String entry, int slash) throws NetAddress.Refused {
    int colon = entry.indexOf(':', slash);
    String length = colon < 0 ? entry.substring(slash + 1) : entry.substring(slash + 1, colon);
    String port = colon < 0 ? "" : entry.substring(colon);
    NetAddress address = NetAddress.parseDeclared(entry.substring(0, slash) + port);
    if (address.kind() == NetAddress.Kind.DNS || !length.matches("[0-9]{1,3}")) {
      return Optional.empty();
    }
    InetAddress network = address.ipAddress();
    int bits = Integer.parseInt(length);
    if (bits > network.getAddress().length * 8) {
      return Optional.empty();
    }
    return Optional.of(new NetRule(entry, Kind.RANGE, null, new Cidr(network, bits), address.port()));
  }

  private static Cidr fullRange(InetAddress address) {
    return new Cidr(address, address.getAddress().length * 8);
  }

  /** True when the URL's host is one this entry names (its port aside). */
  boolean coversHost(NetAddress target) {
    return switch (kind) {
      case ANY -> true;
      case RANGE -> target.kind() != NetAddress.Kind.DNS && range.contains(target.ipAddress());
      case NAME, SUBDOMAINS -> {
        if (target.kind() != NetAddress.Kind.DNS) {
          yield false;
        }
        boolean subdomain = target.host().endsWith("." + name);
        yield kind == Kind.SUBDOMAINS ? subdomain : subdomain || target.host().equals(name);
      }
    };
  }

  /** True when the URL's port is one this entry allows. */
  boolean coversPort(NetAddress target) {
    return switch (port) {
      case NetAddress.ANY_PORT -> true;
      case NetAddress.DEFAULT_PORT -> target.port() == NetAddress.defaultPort(target.scheme());
      default -> port == target.port();
    };
  }

  /** True when this entry lets a request to {@code target} connect to {@code address}, a special-purpose one. */
  boolean reachesSpecial(InetAddress address, NetAddress target) {
    return kind == Kind.RANGE && range.contains(address) && coversPort(target);
  }
}
