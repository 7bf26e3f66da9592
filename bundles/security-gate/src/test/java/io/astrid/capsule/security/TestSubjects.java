package io.astrid.capsule.security;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.PackageMetadata;
import io.astrid.capsule.api.manifest.Uplink;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manifests declaring exactly the capabilities a test needs. */
final class TestSubjects {
  private TestSubjects() {}

  static CapsuleManifest manifest(List<String> net, List<String> fsRead, List<String> fsWrite,
      List<String> hostProcess, List<String> uplinks) {
    PackageMetadata pkg = new PackageMetadata("table", "1.0.0", Optional.empty(), List.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
        Optional.empty(), true, List.of(), List.of(), Map.of());
    return new CapsuleManifest(pkg, Optional.empty(), Map.of(), new Capabilities(net, List.of(), fsRead, fsWrite,
        hostProcess), Map.of(), List.of(), List.of(), List.of(), List.of(),
        uplinks.stream().map(u -> new Uplink(u, "cli", "human")).toList(), List.of(), List.of(), List.of(), List.of());
  }
}
