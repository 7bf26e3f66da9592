package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.tool.CapsuleTool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the engines' contributions; two engines offering one tool name, or both offering plugin
 * exports, is a load failure.
 */
final class Contributions {
  private Contributions() {}

  static EngineContributions combine(String capsuleId, List<ExecutionEngine> engines) {
    EngineContributions all = EngineContributions.NONE;
    Map<String, String> toolOwners = new HashMap<>();
    String exportsOwner = null;
    for (ExecutionEngine engine : engines) {
      EngineContributions offered = engine.contributions();
      for (CapsuleTool tool : offered.tools()) {
        String owner = toolOwners.putIfAbsent(tool.name(), engine.name());
        if (owner != null) {
          throw new CapsuleException("tool [" + tool.name() + "] of capsule [" + capsuleId + "] is offered by both"
              + " engine [" + owner + "] and engine [" + engine.name() + "]");
        }
      }
      if (offered.exports().isPresent()) {
        if (exportsOwner != null) {
          throw new CapsuleException("plugin exports of capsule [" + capsuleId + "] are offered by both engine ["
              + exportsOwner + "] and engine [" + engine.name() + "]");
        }
        exportsOwner = engine.name();
      }
      all = all.plus(offered);
    }
    return all;
  }
}
