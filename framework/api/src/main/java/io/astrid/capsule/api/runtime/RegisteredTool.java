package io.astrid.capsule.api.runtime;

import static java.util.Objects.requireNonNull;

import io.astrid.capsule.api.tool.CapsuleTool;

/**
 * A tool of a READY capsule.
 *
 * @param qualifiedName {@code capsule:{capsuleId}:{tool}}
 * @param capsuleId the capsule
 * @param tool the tool (call it through {@link CapsuleRegistry#call}, which runs the pipeline)
 */
public record RegisteredTool(String qualifiedName, String capsuleId, CapsuleTool tool) {
  public RegisteredTool {
    requireNonNull(qualifiedName, "qualifiedName");
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(tool, "tool");
  }
}
