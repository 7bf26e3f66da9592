package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.RegisteredTool;
import java.util.List;

/** What an argument completes to, in both shells: Karaf's completers and the Gogo completions call these. */
final class Candidates {
  private Candidates() {}

  /** The ids of the docked capsules. */
  static List<String> capsuleIds(CapsuleRegistry registry) {
    return registry.capsules().stream().map(Capsule::id).toList();
  }

  /** The qualified names ({@code capsule:ID:TOOL}) of the tools of READY capsules. */
  static List<String> toolNames(CapsuleRegistry registry) {
    return registry.tools().stream().map(RegisteredTool::qualifiedName).toList();
  }
}
