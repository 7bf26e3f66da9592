package io.astrid.capsule.security;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.Uplink;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Allows only what a capsule's {@code [capabilities]} declare (and, for connectors, its
 * {@code [[uplink]]} entries). Everything else is denied with the reason.
 */
final class ManifestGate {
  static final String NAME = "manifest";

  private final HostResolver resolver;

  ManifestGate() {
    this(HostResolver.SYSTEM);
  }

  ManifestGate(HostResolver resolver) {
    this.resolver = resolver;
  }

  GateDecision check(SecuritySubject subject, GateRequest request) {
    Capabilities declared = subject.manifest().capabilities();
    return switch (request) {
      case GateRequest.Http http -> net(declared.net(), http);
      case GateRequest.FileRead read -> file(subject, declared.fsRead(), request, read.path());
      case GateRequest.FileWrite write -> file(subject, declared.fsWrite(), request, write.path());
      case GateRequest.HostProcess process -> declaredName(declared.hostProcess(), request, process.command(),
          "[capabilities] host_process");
      case GateRequest.KeyValue kv -> keyValue(declared.kv(), kv);
      case GateRequest.UplinkRegistration uplink -> declaredName(
          subject.manifest().uplinks().stream().map(Uplink::name).toList(), request, uplink.name(), "[[uplink]]");
    };
  }

  /**
   * The URL's host and port must be declared; then the host is resolved once, here, and every
   * address it resolves to is judged: a special-purpose one (loopback, private...) only by a
   * declared address or range. The decision carries the addresses, the only ones the engine may
   * connect to.
   */
  private GateDecision net(List<String> declared, GateRequest.Http request) {
    NetAddress target;
    try {
      target = NetAddress.parseUrl(request.url());
    } catch (NetAddress.Refused e) {
      return deny(request, e.getMessage());
    }
    List<NetRule> rules = declared.stream().flatMap(entry -> NetRule.of(entry).stream()).toList();
    List<NetRule> forHost = rules.stream().filter(rule -> rule.coversHost(target)).toList();
    if (forHost.isEmpty()) {
      return deny(request, "host [" + target.host() + "] is not declared in [capabilities] net");
    }
    Optional<NetRule> matched = forHost.stream().filter(rule -> rule.coversPort(target)).findFirst();
    if (matched.isEmpty()) {
      return deny(request, "port [" + target.port() + "] of host [" + target.host() + "] is not declared in"
          + " [capabilities] net (an entry without a port allows its scheme's default port only, host:* every port)");
    }
    List<InetAddress> addresses;
    try {
      addresses = target.kind() == NetAddress.Kind.DNS ? resolver.resolve(target.host()) : List.of(target.ipAddress());
    } catch (UnknownHostException e) {
      addresses = List.of();
    }
    if (addresses.isEmpty()) {
      return deny(request, "host [" + target.host() + "] could not be resolved");
    }
    for (InetAddress address : addresses) {
      Optional<String> special = SpecialAddresses.kind(address);
      if (special.isPresent() && rules.stream().noneMatch(rule -> rule.reachesSpecial(address, target))) {
        String written = written(address);
        return deny(request, (target.kind() == NetAddress.Kind.DNS ? "host [" + target.host() + "] resolves to ["
            + written + "]," : "host [" + target.host() + "] is") + " a special-purpose address (" + special.get()
            + "): only an IP address or range declared in [capabilities] net reaches it (such as " + written + ":"
            + target.port() + ")");
      }
    }
    String where = target.kind() == NetAddress.Kind.DNS ? ", resolved to " + addresses.stream()
        .map(ManifestGate::written).toList() : "";
    return GateDecision.allowAddresses(NAME, "net [" + target.host() + ":" + target.port() + "] is declared in"
        + " [capabilities] net (" + matched.get().written() + ")" + where, addresses);
  }

  /** An address as a URL writes it: dotted IPv4, or bracketed RFC 5952 IPv6. */
  private static String written(InetAddress address) {
    return address instanceof Inet6Address ? "[" + NetAddress.compressed(address.getHostAddress()) + "]"
        : address.getHostAddress();
  }

  private static GateDecision file(SecuritySubject subject, List<String> prefixes, GateRequest request,
      String written) {
    WorkspacePaths paths;
    try {
      paths = new WorkspacePaths(subject.workspaceRoot());
    } catch (IOException e) {
      return deny(request, "the workspace [" + subject.workspaceRoot() + "] cannot be resolved");
    }
    Path real;
    try {
      real = paths.resolve(written);
    } catch (WorkspacePaths.Refused e) {
      return deny(request, e.getMessage());
    }
    if (!paths.contains(real)) {
      return deny(request, "it resolves to " + real + ", outside the workspace " + paths.root());
    }
    for (String prefix : prefixes) {
      Optional<Path> allowed = prefixPath(paths, prefix);
      if (allowed.isPresent() && real.startsWith(allowed.get())) {
        return GateDecision.allow(NAME, request.capability() + " [" + real + "] is within the declared prefix ["
            + prefix + "]");
      }
    }
    return deny(request, "it is not within a declared [capabilities] " + request.capability() + " prefix "
        + prefixes);
  }

  /** A declared prefix, resolved like a request; {@code *} is the workspace; one outside it is ignored. */
  private static Optional<Path> prefixPath(WorkspacePaths paths, String prefix) {
    if (prefix.equals("*")) {
      return Optional.of(paths.root());
    }
    try {
      Path real = paths.resolve(prefix);
      return paths.contains(real) ? Optional.of(real) : Optional.empty();
    } catch (WorkspacePaths.Refused e) {
      return Optional.empty();
    }
  }

  /** Issue 20, finding 8: a key must lie in a declared namespace, compared name by name like a path. */
  private static GateDecision keyValue(List<String> namespaces, GateRequest.KeyValue request) {
    String key = request.key();
    for (String namespace : namespaces) {
      if (namespace.equals("*") || key.equals(namespace) || key.startsWith(namespace + "/")) {
        return GateDecision.allow(NAME, "kv [" + UntrustedText.escape(key) + "] is within the declared namespace ["
            + namespace + "]");
      }
    }
    return deny(request, namespaces.isEmpty() ? "the capsule declares no [capabilities] kv"
        : "it is not within a declared [capabilities] kv namespace " + namespaces);
  }

  private static GateDecision declaredName(List<String> declared, GateRequest request, String name, String where) {
    if (declared.contains(name)) {
      return GateDecision.allow(NAME,
          request.capability() + " [" + UntrustedText.escape(name) + "] is declared in " + where);
    }
    return deny(request, "it is not declared in " + where);
  }

  static GateDecision deny(GateRequest request, String why) {
    return GateDecision.deny(NAME, denial(request, why));
  }

  /** {@code capability [resource] denied: why}, the form of every denial's reason. */
  static String denial(GateRequest request, String why) {
    return request.capability() + " [" + UntrustedText.escape(request.resource()) + "] denied: " + why;
  }
}
