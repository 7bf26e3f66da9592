package io.astrid.capsule.security;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CapsuleManifestBuilder;
import io.astrid.capsule.api.manifest.Uplink;
import java.util.List;

/** Manifests declaring exactly the capabilities a test needs. */
final class TestSubjects {
  private TestSubjects() {}

  static CapsuleManifest manifest(List<String> net, List<String> fsRead, List<String> fsWrite,
      List<String> hostProcess, List<String> uplinks) {
    CapsuleManifestBuilder builder = CapsuleManifest.builder("table", "1.0.0")
        .withCapabilities(new Capabilities(net, List.of(), fsRead, fsWrite, hostProcess, List.of()));
    uplinks.forEach(u -> builder.withUplink(new Uplink(u, "cli", "human")));
    return builder.build();
  }
}
