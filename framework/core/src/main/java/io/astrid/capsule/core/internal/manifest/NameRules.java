package io.astrid.capsule.core.internal.manifest;

import java.util.regex.Pattern;

/** The spelling rules for names and identifiers in a manifest. */
final class NameRules {
  /** Capsule names: {@code github-agent}; they become part of qualified tool names. */
  static final Pattern CAPSULE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  static final int CAPSULE_NAME_MAX_LENGTH = 64;

  /** A namespace in {@code [capabilities] kv}: {@code *}, or names separated by single slashes. */
  static final Pattern KV_NAMESPACE = Pattern.compile("\\*|[^/*\\s]+(/[^/*\\s]+)*");

  /** Environment variable names, as POSIX shells accept them. */
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Ids and names of other entries (commands, servers, cron jobs...): no spaces or slashes. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

  /** An RFC 9110 header field name (a token). */
  static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private static final String DNS_LABEL = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";

  /** A port of a {@code [capabilities] net} entry: a number, or {@code *} for every port (docs/security.md). */
  private static final String NET_PORT = "(:([0-9]{1,5}|\\*))?";

  /**
   * A host in {@code [capabilities] net}: a DNS name, optionally {@code *.}-prefixed, an IP literal
   * or range ({@code 10.0.0.0/8}, {@code [fc00::]/7}), or {@code *}; each with an optional port.
   */
  static final Pattern NET_HOST = Pattern.compile(
      "\\*" + NET_PORT
          + "|(\\*\\.)?" + DNS_LABEL + "(\\." + DNS_LABEL + ")*\\.?" + NET_PORT
          + "|[0-9.]+/[0-9]{1,2}" + NET_PORT
          + "|\\[[0-9A-Fa-f:.]+\\](/[0-9]{1,3})?" + NET_PORT);

  /** A SemVer 2.0.0 pre-release: dot-separated identifiers, numeric ones without leading zeros. */
  static final String PRE_RELEASE =
      "(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*";

  /** A SemVer 2.0.0 version, exactly as the specification defines it: no "v", no spaces. */
  static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-" + PRE_RELEASE + ")?"
          + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

  /** {@code blake3:} or {@code sha256:} and a 32-byte digest in lowercase hex. */
  static final Pattern COMPONENT_HASH = Pattern.compile("(blake3|sha256):[0-9a-f]{64}");

  private NameRules() {}
}
