package io.astrid.capsule.security;

import java.net.InetAddress;

/**
 * An IP address range, {@code network/prefixLength}; a single address is a range of its full
 * length. Addresses are compared as bytes, an IPv4-mapped IPv6 address as its IPv4 address (Java's
 * {@link InetAddress} already gives it so).
 *
 * @param network the range's first address
 * @param prefixLength the number of leading bits every address in the range shares
 */
record Cidr(InetAddress network, int prefixLength) {

  boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    byte[] own = network.getAddress();
    return candidate.length == own.length && samePrefix(own, candidate, prefixLength);
  }

  /** True when {@code a} and {@code b} (of equal length) agree on their first {@code bits} bits. */
  static boolean samePrefix(byte[] a, byte[] b, int bits) {
    int whole = bits / 8;
    for (int i = 0; i < whole; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[whole] & mask) == (b[whole] & mask);
  }
}
