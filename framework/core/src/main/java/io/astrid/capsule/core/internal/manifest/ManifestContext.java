package io.astrid.capsule.core.internal.manifest;

import java.nio.file.Path;
import org.semver4j.Semver;

/**
 * What every section reader of one manifest shares: the problems found so far, the source text
 * for positions, the capsule directory that referenced files must stay inside, and the rules
 * that need set-up (the runtime version, the JSON Schema meta-schema).
 */
record ManifestContext(
    Problems problems, SourceText source, Path capsuleDirectory, Semver runtimeVersion, ToolSchemas schemas) {

  CapsulePaths paths() {
    return new CapsulePaths(capsuleDirectory);
  }
}
