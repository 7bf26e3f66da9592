package io.astrid.capsule.security;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A URL's destination, normalised the way a browser would before connecting: scheme http or
 * https only, host lowercased, trailing dot dropped, international names in punycode, IPv4
 * written in any notation (decimal, octal, hex, fewer than four parts) and IPv6 (including
 * IPv4-mapped) reduced to one canonical address, and the port made explicit. URLs carrying user
 * information or percent-encoded hosts are refused outright: nothing legitimate needs them and
 * they are the usual disguise.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the canonical host: a DNS name, dotted IPv4, or bracketed IPv6
 * @param kind what the host is
 * @param port the port, the scheme's default when the URL has none; in a declared entry
 *     {@link #DEFAULT_PORT} when it names none and {@link #ANY_PORT} for {@code host:*}
 */
record NetAddress(String scheme, String host, Kind kind, int port) {

  enum Kind { DNS, IPV4, IPV6 }

  /** A declared entry without a port: the URL's scheme's default port only (80 or 443). */
  static final int DEFAULT_PORT = -1;

  /** A declared entry {@code host:*}: every port. */
  static final int ANY_PORT = -2;

  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  /** Why a URL was refused; the message is a phrase for "net [url] denied: ...". */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why, null, false, false);
    }
  }

  static NetAddress parseUrl(String url) throws Refused {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refused("scheme [" + (scheme.isEmpty() ? "none" : scheme) + "] is not allowed, only http and https");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new Refused("URL has no host");
    }
    NetAddress parsed = parseAuthority(authority, defaultPort(scheme));
    return new NetAddress(scheme, parsed.host(), parsed.kind(), parsed.port());
  }

  /** The port a URL of {@code scheme} ({@code http} or {@code https}) connects to when it names none. */
  static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /**
   * A declared host such as {@code api.github.com}, {@code 127.0.0.1:8080}, {@code [::1]} or
   * {@code localhost:*}.
   */
  static NetAddress parseDeclared(String entry) throws Refused {
    if (entry.endsWith(":*")) {
      NetAddress host = parseAuthority(entry.substring(0, entry.length() - 2), DEFAULT_PORT);
      if (host.port() != DEFAULT_PORT) {
        throw new Refused("entry [" + entry + "] has two ports");
      }
      return new NetAddress("", host.host(), host.kind(), ANY_PORT);
    }
    return parseAuthority(entry, DEFAULT_PORT);
  }

  private static NetAddress parseAuthority(String authority, int defaultPort) throws Refused {
    if (authority.indexOf('@') >= 0) {
      throw new Refused("URL carries user information");
    }
    String host = authority;
    int port = defaultPort;
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(']', colon) < 0) {
      host = authority.substring(0, colon);
      port = parsePort(authority.substring(colon + 1), defaultPort);
    }
    if (host.indexOf('%') >= 0) {
      throw new Refused("host is percent-encoded");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      return new NetAddress("", "[" + ipv6(host.substring(1, host.length() - 1)) + "]", Kind.IPV6, port);
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    try {
      name = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new Refused("host [" + host + "] is not a valid name");
    }
    if (name.isEmpty()) {
      throw new Refused("URL has no host");
    }
    if (Ipv4.isIpv4Host(name)) {
      String ipv4 = Ipv4.parse(name);
      if (ipv4 == null) {
        throw new Refused("host [" + host + "] is not a valid IPv4 address");
      }
      return new NetAddress("", ipv4, Kind.IPV4, port);
    }
    if (!DNS_NAME.matcher(name).matches()) {
      throw new Refused("host [" + host + "] is not a valid name");
    }
    return new NetAddress("", name, Kind.DNS, port);
  }

  private static int parsePort(String written, int defaultPort) throws Refused {
    if (written.isEmpty()) {
      return defaultPort;
    }
    try {
      int port = Integer.parseInt(written);
      if (port >= 0 && port <= 65535 && written.chars().allMatch(Character::isDigit)) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Refused("port [" + written + "] is not a port number");
  }

  private static String ipv6(String literal) throws Refused {
    try {
      InetAddress address = InetAddress.ofLiteral(literal);
      if (address instanceof Inet4Address) {
        // An IPv4-mapped address is that IPv4 address; compare it as one.
        return "::ffff:" + address.getHostAddress();
      }
      return compressed(address.getHostAddress());
    } catch (IllegalArgumentException e) {
      throw new Refused("host [" + literal + "] is not a valid IPv6 address");
    }
  }

  /** RFC 5952 text: the longest run of two or more zero groups becomes {@code ::}. */
  static String compressed(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(j, i + 1);
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }

  /** The IPv4 address an IPv4-mapped IPv6 host stands for, or this host. */
  String comparableHost() {
    return kind == Kind.IPV6 && host.startsWith("[::ffff:") ? host.substring(8, host.length() - 1) : host;
  }

  /** The address an IP host is (an IPv4-mapped one as the IPv4 address); for a DNS name, not to be called. */
  InetAddress ipAddress() {
    String literal = comparableHost();
    return InetAddress.ofLiteral(literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal);
  }
}
