package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.PluginExports;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.runtime.Contribution;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolCall;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The capsules by id and the index of their tools: the registry without OSGi. The index is
 * rebuilt whenever a current capsule changes state, and read without locks.
 */
final class CapsuleTable {
  private final EngineFactories factories;
  private final Function<CapsuleManifest, EnvValues> environment;
  private final ToolPipeline pipeline;
  private final RuntimeEvents events;
  private final Duration drain;
  private final Map<String, CompositeCapsule> capsules = new ConcurrentHashMap<>();
  private volatile Map<String, RegisteredTool> tools = Map.of();

  /**
   * @param environment resolves a capsule's {@code [env]} values before it loads
   * @param drain how long unloading a capsule waits for its calls in flight (the call timeout)
   */
  CapsuleTable(EngineFactories factories, Function<CapsuleManifest, EnvValues> environment, ToolPipeline pipeline,
      RuntimeEvents events, Duration drain) {
    this.factories = factories;
    this.environment = environment;
    this.pipeline = pipeline;
    this.events = events;
    this.drain = drain;
  }

  Capsule install(CapsuleManifest manifest, Path directory) {
    CompositeCapsule capsule = new CompositeCapsule(manifest, directory, factories, environment, this::statusChanged);
    if (capsules.putIfAbsent(capsule.id(), capsule) != null) {
      throw new CapsuleException("capsule [" + capsule.id() + "] is already installed; replace it instead");
    }
    capsule.start();
    return capsule;
  }

  /**
   * Loads the new version beside the current one and switches only when it is READY — or WAITING
   * while the current one is not READY either (nothing that serves is given up).
   */
  Capsule replace(CapsuleManifest manifest, Path directory, Duration timeout) {
    String id = manifest.name();
    CompositeCapsule fresh = new CompositeCapsule(manifest, directory, factories, environment, this::statusChanged);
    fresh.start();
    CapsuleStatus status;
    try {
      status = fresh.awaitSettled(timeout);
    } catch (CapsuleException e) {
      fresh.stop(drain);
      throw new CapsuleException("replacing capsule [" + id + "] failed: " + e.getMessage(), e);
    }
    CompositeCapsule current = capsules.get(id);
    boolean currentServes = current != null && current.status().state() == CapsuleState.READY;
    // A new version waiting for an engine may replace an old one that serves nothing either.
    boolean better = status.state() == CapsuleState.READY
        || status.state() == CapsuleState.WAITING && !currentServes;
    if (!better) {
      fresh.stop(drain);
      throw new CapsuleException("replacing capsule [" + id + "] failed: the new version is " + status
          + "; the old version keeps serving");
    }
    CompositeCapsule old = capsules.put(id, fresh);
    reindex();
    CapsuleStatus previous = old == null ? CapsuleStatus.of(CapsuleState.UNLOADED) : old.status();
    events.capsuleChanged(new CapsuleEvent(id, previous, fresh.status(), Instant.now()));
    if (old != null) {
      old.stop(drain);
    }
    return fresh;
  }

  boolean uninstall(String id) {
    CompositeCapsule capsule = capsules.remove(id);
    if (capsule == null) {
      return false;
    }
    reindex();
    CapsuleStatus previous = capsule.status();
    capsule.stop(drain);
    events.capsuleChanged(new CapsuleEvent(id, previous, capsule.status(), Instant.now()));
    return true;
  }

  /** Stops every capsule (the runtime is going away). */
  void uninstallAll() {
    List.copyOf(capsules.keySet()).forEach(this::uninstall);
  }

  Optional<Capsule> capsule(String id) {
    return Optional.ofNullable(capsules.get(id));
  }

  List<Capsule> capsules() {
    return capsules.values().stream().sorted(Comparator.comparing(Capsule::id)).map(Capsule.class::cast).toList();
  }

  CapsuleStatus awaitSettled(String id, Duration timeout) {
    CompositeCapsule capsule = capsules.get(id);
    if (capsule == null) {
      throw new CapsuleException("capsule [" + id + "] is not installed");
    }
    return capsule.awaitSettled(timeout);
  }

  List<RegisteredTool> tools() {
    return List.copyOf(tools.values());
  }

  /** Something every READY capsule offers, with its capsule, by capsule id. */
  <T> List<Contribution<T>> contributions(Function<Capsule, List<T>> offered) {
    List<Contribution<T>> all = new ArrayList<>();
    for (Capsule capsule : capsules()) {
      if (capsule.status().state() == CapsuleState.READY) {
        offered.apply(capsule).forEach(value -> all.add(new Contribution<>(capsule.id(), value)));
      }
    }
    return all;
  }

  ToolResult call(String qualifiedName, Map<String, Object> arguments) {
    RegisteredTool tool = tools.get(qualifiedName);
    if (tool == null) {
      return notServed(qualifiedName);
    }
    CompositeCapsule capsule = capsules.get(tool.capsuleId());
    if (capsule == null || !capsule.enterCall()) {
      return unavailable(qualifiedName, tool.capsuleId(), capsule);
    }
    try {
      return pipeline.call(tool, arguments);
    } finally {
      capsule.exitCall();
    }
  }

  /** An export call, through the capsule's call gate like a tool call: a replaced version drains it first. */
  byte[] invoke(String capsuleId, String export, byte[] input) {
    String name = "export [" + export + "] of capsule [" + capsuleId + "]";
    CompositeCapsule capsule = capsules.get(capsuleId);
    if (capsule == null || !capsule.enterCall()) {
      throw new CapsuleException(name + " is unavailable: the capsule is "
          + (capsule == null ? "not installed" : capsule.status().toString()));
    }
    try {
      PluginExports exports = capsule.contributions().exports().orElseThrow(() ->
          new CapsuleException(name + " is unavailable: the capsule has no plugin"));
      return pipeline.invoke(capsuleId, exports, export, input);
    } finally {
      capsule.exitCall();
    }
  }

  /**
   * The error for a name no READY capsule offers: when it names a capsule that is installed but not
   * READY (FAILED, WAITING), that capsule's state and reason (issue 13, finding 10), since its tools
   * are not indexed and "unknown" would hide why.
   */
  private ToolResult notServed(String qualifiedName) {
    if (qualifiedName.startsWith(ToolCall.QUALIFIED_PREFIX)) {
      String rest = qualifiedName.substring(ToolCall.QUALIFIED_PREFIX.length());
      int colon = rest.indexOf(':');
      CompositeCapsule capsule = colon < 0 ? null : capsules.get(rest.substring(0, colon));
      if (capsule != null && capsule.status().state() != CapsuleState.READY) {
        return unavailable(qualifiedName, capsule.id(), capsule);
      }
    }
    return ToolResult.error("unknown tool [" + qualifiedName + "]");
  }

  private static ToolResult unavailable(String qualifiedName, String capsuleId, CompositeCapsule capsule) {
    String state = capsule == null ? "not installed" : capsule.status().toString();
    return ToolResult.error("tool [" + qualifiedName + "] is unavailable: capsule [" + capsuleId + "] is " + state);
  }

  private void statusChanged(CompositeCapsule capsule, CapsuleStatus previous, CapsuleStatus current) {
    if (capsules.get(capsule.id()) != capsule) {
      return; // a replacement loading beside the current version, or one already removed
    }
    reindex();
    events.capsuleChanged(new CapsuleEvent(capsule.id(), previous, current, Instant.now()));
  }

  private synchronized void reindex() {
    Map<String, RegisteredTool> index = new TreeMap<>();
    List<Capsule> ready = new ArrayList<>();
    for (CompositeCapsule capsule : capsules.values()) {
      if (capsule.status().state() != CapsuleState.READY) {
        continue;
      }
      ready.add(capsule);
      EngineContributions offered = capsule.contributions();
      for (CapsuleTool tool : offered.tools()) {
        String name = ToolCall.qualifiedName(capsule.id(), tool.name());
        index.put(name, new RegisteredTool(name, capsule.id(), tool));
      }
    }
    tools = index;
    events.readyCapsules(ready);
  }
}
