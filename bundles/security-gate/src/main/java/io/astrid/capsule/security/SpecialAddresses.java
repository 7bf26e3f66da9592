package io.astrid.capsule.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The special-purpose address ranges a capsule reaches only by declaring an IP address or range
 * in {@code [capabilities] net}, never through a name or {@code *}: they lead to the host itself,
 * its local network or its cloud's metadata service rather than to the internet (RFC 6890 and
 * its IPv6 counterparts). IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64) are
 * judged by that IPv4 address.
 */
final class SpecialAddresses {
  private SpecialAddresses() {}

  /** One range and what it is called in messages. */
  private record Range(String kind, byte[] network, int prefixLength) {
    boolean contains(byte[] address) {
      return address.length == network.length && Cidr.samePrefix(network, address, prefixLength);
    }
  }

  private static final List<Range> RANGES = List.of(
      range("unspecified", "0.0.0.0", 8),
      range("private", "10.0.0.0", 8),
      range("shared (CGNAT)", "100.64.0.0", 10),
      range("loopback", "127.0.0.0", 8),
      range("link-local", "169.254.0.0", 16),
      range("private", "172.16.0.0", 12),
      range("IETF protocol", "192.0.0.0", 24),
      range("private", "192.168.0.0", 16),
      range("benchmarking", "198.18.0.0", 15),
      range("multicast", "224.0.0.0", 4),
      range("reserved", "240.0.0.0", 4),
      range("unspecified", "::", 128),
      range("loopback", "::1", 128),
      range("unique local", "fc00::", 7),
      range("link-local", "fe80::", 10),
      range("site-local", "fec0::", 10),
      range("multicast", "ff00::", 8));

  private static Range range(String kind, String network, int prefixLength) {
    return new Range(kind, InetAddress.ofLiteral(network).getAddress(), prefixLength);
  }

  /** What kind of special-purpose address {@code address} is ({@code loopback}...), or empty for a public one. */
  static Optional<String> kind(InetAddress address) {
    byte[] bytes = embeddedIpv4(address).orElse(address.getAddress());
    return RANGES.stream().filter(range -> range.contains(bytes)).map(Range::kind).findFirst();
  }

  /**
   * The IPv4 address an IPv6 address carries: {@code ::a.b.c.d} (compatible, deprecated),
   * {@code 64:ff9b::a.b.c.d} (NAT64), {@code ::ffff:a.b.c.d} (mapped; Java usually gives those as
   * IPv4 already).
   */
  private static Optional<byte[]> embeddedIpv4(InetAddress address) {
    if (address instanceof Inet4Address || !(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] bytes = address.getAddress();
    byte[] head = Arrays.copyOf(bytes, 12);
    boolean compatible = Arrays.equals(head, new byte[12]) && (bytes[12] | bytes[13] | bytes[14]) != 0;
    boolean mapped = Arrays.equals(head, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
    boolean nat64 = Arrays.equals(head, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
    return compatible || mapped || nat64 ? Optional.of(Arrays.copyOfRange(bytes, 12, 16)) : Optional.empty();
  }
}
