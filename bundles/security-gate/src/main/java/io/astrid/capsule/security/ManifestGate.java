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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allows only what a capsule's {@code [capabilities]} declare (and, for connectors, its
 * {@code [[uplink]]} entries). Everything else is denied with the reason.
 */
final class ManifestGate {
  static final String NAME = "manifest";

  private final HostResolver resolver;
  private final Collection<Path> runtimeDirectories;
  /** Each capsule's compiled file policy, by capsule id; a new subject (a reload) compiles a new one. */
  private final Map<String, FilePolicy> policies = new ConcurrentHashMap<>();
  /** Each capsule's parsed net rules, by capsule id; another declared list (a reload) is parsed again. */
  private final Map<String, NetRules> netPolicies = new ConcurrentHashMap<>();

  /** The net entries a capsule declares and the rules they parse to. */
  private record NetRules(List<String> declared, List<NetRule> rules) {}

  /** A gate resolving names with the system's resolver and protecting the workspace's {@code .astrid} only. */
  ManifestGate() {
    this(HostResolver.SYSTEM, List.of());
  }

  ManifestGate(HostResolver resolver) {
    this(resolver, List.of());
  }

  /** @param runtimeDirectories directories no capsule may write, besides the workspace's {@code .astrid} */
  ManifestGate(Collection<Path> runtimeDirectories) {
    this(HostResolver.SYSTEM, runtimeDirectories);
  }

  ManifestGate(HostResolver resolver, Collection<Path> runtimeDirectories) {
    this.resolver = resolver;
    this.runtimeDirectories = List.copyOf(runtimeDirectories);
  }

  GateDecision check(SecuritySubject subject, GateRequest request) {
    Capabilities declared = subject.manifest().capabilities();
    return switch (request) {
      case GateRequest.Http http -> net(netRules(subject), http);
      case GateRequest.FileRead read -> file(subject, request, read.path()).decision();
      case GateRequest.FileWrite write -> file(subject, request, write.path()).decision();
      case GateRequest.HostProcess process -> declaredName(declared.hostProcess(), request, process.command(),
          "[capabilities] host_process");
      case GateRequest.KeyValue kv -> keyValue(declared.kv(), kv);
      case GateRequest.UplinkRegistration uplink -> declaredName(
          subject.manifest().uplinks().stream().map(Uplink::name).toList(), request, uplink.name(), "[[uplink]]");
      case GateRequest.JvmCode code -> declared.jvm()
          ? GateDecision.allow(NAME, "jvm code is declared in [capabilities] jvm")
          : deny(request, "the capsule does not declare [capabilities] jvm = true");
    };
  }

  /**
   * The URL's host and port must be declared; then the host is resolved once, here, and every
   * address it resolves to is judged: a special-purpose one (loopback, private...) only by a
   * declared address or range. The decision carries the addresses, the only ones the engine may
   * connect to.
   */
  private GateDecision net(List<NetRule> rules, GateRequest.Http request) {
    NetAddress target;
    try {
      target = NetAddress.parseUrl(request.url());
    } catch (NetAddress.Refused e) {
      return deny(request, e.getMessage());
    }
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

  /** The capsule's net rules, parsed once for its declared entries rather than on every request. */
  private List<NetRule> netRules(SecuritySubject subject) {
    List<String> declared = subject.manifest().capabilities().net();
    NetRules cached = netPolicies.get(subject.capsuleId());
    if (cached != null && cached.declared().equals(declared)) {
      return cached.rules();
    }
    List<NetRule> rules = declared.stream().flatMap(entry -> NetRule.of(entry).stream()).toList();
    netPolicies.put(subject.capsuleId(), new NetRules(declared, rules));
    return rules;
  }

  /** An address as a URL writes it: dotted IPv4, or bracketed RFC 5952 IPv6. */
  private static String written(InetAddress address) {
    return address instanceof Inet6Address ? "[" + NetAddress.compressed(address.getHostAddress()) + "]"
        : address.getHostAddress();
  }

  /**
   * The decision on {@code request} with what was judged: for a file, the request rewritten to the
   * real path and that path, which the audit log, an approval and the file operation all use.
   */
  Judged judge(SecuritySubject subject, GateRequest request) {
    return switch (request) {
      case GateRequest.FileRead read -> file(subject, request, read.path());
      case GateRequest.FileWrite write -> file(subject, request, write.path());
      default -> new Judged(check(subject, request), request, Optional.empty());
    };
  }

  /**
   * A decision and what it was about: {@code request} as judged (for an allowed file request, the
   * real path), and for an allowed file request that path in its workspace.
   */
  record Judged(GateDecision decision, GateRequest request, Optional<FilePolicy.JudgedPath> path) {
    static Judged denied(GateRequest request, String why) {
      return new Judged(deny(request, why), request, Optional.empty());
    }

    /** The same judgement with the final decision of the composed gates. */
    Judged decided(GateDecision finalDecision) {
      return new Judged(finalDecision, request, finalDecision.allowed() ? path : Optional.empty());
    }
  }

  private Judged file(SecuritySubject subject, GateRequest request, String written) {
    FilePolicy policy;
    try {
      policy = policy(subject);
    } catch (IOException e) {
      return Judged.denied(request, "the workspace [" + subject.workspaceRoot() + "] cannot be resolved");
    }
    return policy.judge(request, written);
  }

  /** The capsule's file policy, compiled on its first file request and kept while its subject stays the same. */
  private FilePolicy policy(SecuritySubject subject) throws IOException {
    FilePolicy cached = policies.get(subject.capsuleId());
    if (cached != null && cached.compiledFor(subject)) {
      return cached;
    }
    FilePolicy compiled = FilePolicy.compile(subject, runtimeDirectories);
    policies.put(subject.capsuleId(), compiled);
    return compiled;
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
