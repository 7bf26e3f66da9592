package io.astrid.capsule.security;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.Uplink;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.IOException;
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

  private final Collection<Path> runtimeDirectories;
  /** Each capsule's compiled file policy, by capsule id; a new subject (a reload) compiles a new one. */
  private final Map<String, FilePolicy> policies = new ConcurrentHashMap<>();

  /** A gate protecting the workspace's {@code .astrid} only. */
  ManifestGate() {
    this(List.of());
  }

  /** @param runtimeDirectories directories no capsule may write, besides the workspace's {@code .astrid} */
  ManifestGate(Collection<Path> runtimeDirectories) {
    this.runtimeDirectories = List.copyOf(runtimeDirectories);
  }

  GateDecision check(SecuritySubject subject, GateRequest request) {
    Capabilities declared = subject.manifest().capabilities();
    return switch (request) {
      case GateRequest.Http http -> net(declared.net(), http);
      case GateRequest.FileRead read -> file(subject, request, read.path()).decision();
      case GateRequest.FileWrite write -> file(subject, request, write.path()).decision();
      case GateRequest.HostProcess process -> declaredName(declared.hostProcess(), request, process.command(),
          "[capabilities] host_process");
      case GateRequest.UplinkRegistration uplink -> declaredName(
          subject.manifest().uplinks().stream().map(Uplink::name).toList(), request, uplink.name(), "[[uplink]]");
    };
  }

  private static GateDecision net(List<String> declared, GateRequest.Http request) {
    NetAddress target;
    try {
      target = NetAddress.parseUrl(request.url());
    } catch (NetAddress.Refused e) {
      return deny(request, e.getMessage());
    }
    for (String entry : declared) {
      Optional<NetRule> rule = NetRule.of(entry);
      if (rule.isPresent() && rule.get().matches(target)) {
        return GateDecision.allow(NAME, "net [" + target.host() + ":" + target.port() + "] is declared in"
            + " [capabilities] net (" + entry + ")");
      }
    }
    return deny(request, "host [" + target.host() + "] is not declared in [capabilities] net");
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

  private static GateDecision declaredName(List<String> declared, GateRequest request, String name, String where) {
    if (declared.contains(name)) {
      return GateDecision.allow(NAME, request.capability() + " [" + printable(name) + "] is declared in " + where);
    }
    return deny(request, "it is not declared in " + where);
  }

  static GateDecision deny(GateRequest request, String why) {
    return GateDecision.deny(NAME, denial(request, why));
  }

  /** {@code capability [resource] denied: why}, the form of every denial's reason. */
  static String denial(GateRequest request, String why) {
    return request.capability() + " [" + printable(request.resource()) + "] denied: " + why;
  }

  /**
   * A guest-supplied string made safe for a message or a log line: control characters are
   * written as a backslash, "u" and four hex digits, so no guest can start a fake log line or hide
   * part of a path.
   */
  static String printable(String untrusted) {
    StringBuilder safe = new StringBuilder(untrusted.length());
    untrusted.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        safe.append(String.format("\\u%04x", c));
      } else {
        safe.appendCodePoint(c);
      }
    });
    return safe.toString();
  }
}
