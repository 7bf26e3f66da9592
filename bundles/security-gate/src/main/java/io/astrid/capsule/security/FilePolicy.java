package io.astrid.capsule.security;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The file rules of one capsule instance, compiled once: its workspace's real location, its
 * declared {@code fs_read} and {@code fs_write} prefixes resolved, and the runtime's own
 * directories inside the workspace, which no capsule may write whatever it declares (a capsule
 * that could write {@code .astrid/plugins} could install a capsule running host commands).
 */
final class FilePolicy {
  /** The runtime's directory in a workspace: plugins, conf, state. */
  static final String RUNTIME_DIRECTORY = ".astrid";

  private final SecuritySubject subject;
  private final WorkspacePaths paths;
  private final List<Prefix> readable;
  private final List<Prefix> writable;
  private final Set<Path> runtime;

  /** A declared prefix and where it really leads. */
  private record Prefix(String declared, Path real) {}

  private FilePolicy(SecuritySubject subject, WorkspacePaths paths, Set<Path> runtime) {
    this.subject = subject;
    this.paths = paths;
    this.readable = prefixes(paths, subject.manifest().capabilities().fsRead());
    this.writable = prefixes(paths, subject.manifest().capabilities().fsWrite());
    this.runtime = Set.copyOf(runtime);
  }

  /**
   * @param runtimeDirectories directories of the runtime (its state directory) that are protected
   *     when they lie in the workspace; the workspace's {@code .astrid} always is
   * @throws IOException when the workspace cannot be resolved
   */
  static FilePolicy compile(SecuritySubject subject, Collection<Path> runtimeDirectories) throws IOException {
    WorkspacePaths paths = new WorkspacePaths(subject.workspaceRoot());
    Path own = paths.root().resolve(RUNTIME_DIRECTORY);
    // Both where .astrid stands and where it leads, should it be a link to a place in the workspace.
    Set<Path> runtime = new LinkedHashSet<>(List.of(own));
    List<Path> candidates = new ArrayList<>(runtimeDirectories);
    candidates.add(own);
    for (Path directory : candidates) {
      try {
        Path real = paths.resolve(directory.toAbsolutePath().toString());
        if (paths.contains(real) && !real.equals(paths.root())) {
          runtime.add(real);
        }
      } catch (WorkspacePaths.Refused e) {
        // A runtime directory that cannot be resolved is no place a capsule's path can resolve to either.
      }
    }
    return new FilePolicy(subject, paths, runtime);
  }

  /** True when this policy was compiled for {@code other} (the same capsule, manifest and workspace). */
  boolean compiledFor(SecuritySubject other) {
    return subject.equals(other);
  }

  /** The manifest gate's decision on a file request and, when it allows it, the real path it judged. */
  ManifestGate.Judged judge(GateRequest request, String written) {
    Path real;
    try {
      real = paths.resolve(written);
    } catch (WorkspacePaths.Refused e) {
      return ManifestGate.Judged.denied(request, e.getMessage());
    }
    if (!paths.contains(real)) {
      return ManifestGate.Judged.denied(request, "it resolves to " + real + ", outside the workspace "
          + paths.root());
    }
    boolean writing = request instanceof GateRequest.FileWrite;
    if (writing) {
      Optional<Path> protectedBy = runtime.stream().filter(real::startsWith).findFirst();
      if (protectedBy.isPresent()) {
        return ManifestGate.Judged.denied(request, "it is inside [" + protectedBy.get()
            + "], the runtime's own directory, which no capsule may write");
      }
      Optional<String> capsule = capsuleWrite(real);
      if (capsule.isPresent()) {
        return ManifestGate.Judged.denied(request, capsule.get());
      }
    }
    List<Prefix> declared = writing ? writable : readable;
    for (Prefix prefix : declared) {
      if (real.startsWith(prefix.real())) {
        GateDecision allowed = GateDecision.allow(ManifestGate.NAME, request.capability() + " [" + real
            + "] is within the declared prefix [" + prefix.declared() + "]");
        GateRequest judged = writing ? new GateRequest.FileWrite(real.toString())
            : new GateRequest.FileRead(real.toString());
        return new ManifestGate.Judged(allowed, judged, Optional.of(new JudgedPath(paths.root(), real)));
      }
    }
    List<String> prefixes = writing ? subject.manifest().capabilities().fsWrite()
        : subject.manifest().capabilities().fsRead();
    return ManifestGate.Judged.denied(request, "it is not within a declared [capabilities] "
        + request.capability() + " prefix " + prefixes);
  }

  /**
   * Why writing {@code real} would change a capsule, if it would: a manifest may not be written
   * anywhere (it would dock a new capsule where a root lies in the workspace), nor anything inside
   * a directory below the workspace that holds one (a capsule's code and files). Capsule roots
   * given on the command line may lie in the workspace, and the gate does not know them; this rule
   * protects them without knowing them.
   */
  private Optional<String> capsuleWrite(Path real) {
    if (real.getFileName() != null && real.getFileName().toString().equals(CapsuleManifest.FILE_NAME)) {
      return Optional.of("it is a capsule manifest, which no capsule may write");
    }
    for (Path directory = real; directory != null && directory.startsWith(paths.root())
        && !directory.equals(paths.root()); directory = directory.getParent()) {
      if (Files.isRegularFile(directory.resolve(CapsuleManifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of("it is inside the capsule directory [" + directory + "], which no capsule may write");
      }
    }
    return Optional.empty();
  }

  /** Declared prefixes resolved like a request; {@code *} is the workspace; one outside it is ignored. */
  private static List<Prefix> prefixes(WorkspacePaths paths, List<String> declared) {
    List<Prefix> resolved = new ArrayList<>();
    for (String prefix : declared) {
      if (prefix.equals("*")) {
        resolved.add(new Prefix(prefix, paths.root()));
        continue;
      }
      try {
        Path real = paths.resolve(prefix);
        if (paths.contains(real)) {
          resolved.add(new Prefix(prefix, real));
        }
      } catch (WorkspacePaths.Refused e) {
        // An unresolvable prefix covers nothing.
      }
    }
    return List.copyOf(resolved);
  }

  /**
   * A path the gate judged: the workspace's real root and the real path inside it, every link in
   * the existing part already followed — so finding a link on it later means it changed.
   */
  record JudgedPath(Path workspace, Path real) {}
}
