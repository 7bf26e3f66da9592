package io.astrid.capsule.security;

/**
 * The IPv4 host parser of the WHATWG URL standard: one to four dot-separated numbers, each
 * decimal, octal (leading 0) or hex (0x), the last filling the remaining bytes. What a browser
 * or curl would connect to for {@code 2130706433}, {@code 0x7f.1} or {@code 0177.0.0.1}.
 */
final class Ipv4 {
  private Ipv4() {}

  /** True when the host must be read as IPv4: its last label is a number (as in the standard). */
  static boolean isIpv4Host(String host) {
    String[] parts = host.split("\\.", -1);
    return isNumber(parts[parts.length - 1]);
  }

  /** The dotted-decimal address {@code host} denotes, or null when it is no valid IPv4 address. */
  static String parse(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] numbers = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long number = number(parts[i]);
      if (number == null) {
        return null;
      }
      numbers[i] = number;
    }
    for (int i = 0; i < numbers.length - 1; i++) {
      if (numbers[i] > 255) {
        return null;
      }
    }
    long last = numbers[numbers.length - 1];
    if (last >= 1L << (8 * (5 - numbers.length))) {
      return null;
    }
    long address = last;
    for (int i = 0; i < numbers.length - 1; i++) {
      address += numbers[i] << (8 * (3 - i));
    }
    return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
        + (address & 255);
  }

  private static boolean isNumber(String part) {
    return number(part) != null;
  }

  private static Long number(String part) {
    if (part.isEmpty() || part.length() > 12) {
      return null;
    }
    try {
      if (part.startsWith("0x") || part.startsWith("0X")) {
        return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
      }
      if (part.length() > 1 && part.startsWith("0")) {
        return Long.parseLong(part.substring(1), 8);
      }
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
