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
import io.astrid.capsule.core.internal.manifest.CapsuleDependencies;
import io.astrid.capsule.internal.text.Suggestions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capsules by id and the index of their tools: the registry without OSGi. The index is
 * rebuilt whenever a current capsule changes state, and read without locks. A capsule's tools are
 * indexed before it is seen READY and dropped once it has left READY or the table (issue 16).
 */
final class CapsuleTable {
  private static final Logger LOG = LoggerFactory.getLogger(CapsuleTable.class);
  private final EngineFactories factories;
  private final Function<CapsuleManifest, EnvValues> environment;
  private final ToolPipeline pipeline;
  private final RuntimeEvents events;
  private final Supplier<Duration> drain;
  private final Map<String, CompositeCapsule> capsules = new ConcurrentHashMap<>();
  private volatile Map<String, RegisteredTool> tools = Map.of();
  /** The current capsules whose tools are indexed (guarded by this). */
  private final Set<CompositeCapsule> offering = Collections.newSetFromMap(new IdentityHashMap<>());
  private final CompositeCapsule.StatusListener listener = new CompositeCapsule.StatusListener() {
    @Override
    public void turningReady(CompositeCapsule capsule) {
      offer(capsule, true);
    }

    @Override
    public void statusChanged(CompositeCapsule capsule, CapsuleStatus previous, CapsuleStatus current) {
      CapsuleTable.this.statusChanged(capsule, previous, current);
    }
  };
  /** Dependents being unloaded before a capsule they need leaves, with the reason (guarded by this). */
  private final Map<String, String> suspended = new HashMap<>();

  /**
   * @param environment resolves a capsule's {@code [env]} values before it loads
   * @param drain how long unloading a capsule waits for its calls in flight (the call timeout)
   */
  CapsuleTable(EngineFactories factories, Function<CapsuleManifest, EnvValues> environment, ToolPipeline pipeline,
      RuntimeEvents events, Duration drain) {
    this(factories, environment, pipeline, events, () -> drain);
  }

  /** As above, with a drain time asked at each unload (the registry's call timeout, which can change). */
  CapsuleTable(EngineFactories factories, Function<CapsuleManifest, EnvValues> environment, ToolPipeline pipeline,
      RuntimeEvents events, Supplier<Duration> drain) {
    this.factories = factories;
    this.environment = environment;
    this.pipeline = pipeline;
    this.events = events;
    this.drain = drain;
  }

  Capsule install(CapsuleManifest manifest, Path directory) {
    CompositeCapsule capsule = new CompositeCapsule(manifest, directory, factories, environment, listener);
    if (capsules.putIfAbsent(capsule.id(), capsule) != null) {
      throw new CapsuleException("capsule [" + capsule.id() + "] is already installed; replace it instead");
    }
    resolveDependencies();
    capsule.start();
    return capsule;
  }

  /**
   * Loads the new version beside the current one and switches only when it is READY — or WAITING
   * while the current one is not READY either (nothing that serves is given up).
   */
  Capsule replace(CapsuleManifest manifest, Path directory, Duration timeout) {
    String id = manifest.name();
    CompositeCapsule fresh = new CompositeCapsule(manifest, directory, factories, environment, listener);
    fresh.hold(newcomerHold(fresh));
    fresh.start();
    CapsuleStatus status;
    try {
      status = fresh.awaitSettled(timeout);
    } catch (CapsuleException e) {
      fresh.stop(drain.get());
      throw new CapsuleException("replacing capsule [" + id + "] failed: " + e.getMessage(), e);
    }
    CompositeCapsule current = capsules.get(id);
    boolean currentServes = current != null && current.status().state() == CapsuleState.READY;
    // A new version waiting for an engine may replace an old one that serves nothing either.
    boolean better = status.state() == CapsuleState.READY
        || status.state() == CapsuleState.WAITING && !currentServes;
    if (!better) {
      fresh.stop(drain.get());
      throw new CapsuleException("replacing capsule [" + id + "] failed: the new version is " + status
          + "; the old version keeps serving");
    }
    // Dependents the new version does not serve (another version, not READY) are unloaded before the switch.
    Set<String> unserved = heldWith(fresh);
    unloadFirst(unserved, "capsule [" + id + "]: it is being replaced by version " + manifest.version());
    CompositeCapsule old;
    synchronized (this) {
      old = capsules.put(id, fresh);
      offer(fresh, fresh.status().state() == CapsuleState.READY);
    }
    CapsuleStatus previous = old == null ? CapsuleStatus.of(CapsuleState.UNLOADED) : old.status();
    events.capsuleChanged(new CapsuleEvent(id, previous, fresh.status(), Instant.now()));
    if (old != null) {
      old.stop(drain.get());
    }
    release(unserved);
    return fresh;
  }

  /** Unloads the capsules that depend on it (issue 17), then the capsule; they go WAITING naming it. */
  boolean uninstall(String id) {
    if (!capsules.containsKey(id)) {
      return false;
    }
    Set<String> dependents = dependentsOf(id);
    unloadFirst(dependents, "capsule [" + id + "]: it is being unloaded");
    CompositeCapsule capsule = capsules.remove(id);
    if (capsule == null) {
      release(dependents);
      return false;
    }
    reindex();
    CapsuleStatus previous = capsule.status();
    capsule.stop(drain.get());
    events.capsuleChanged(new CapsuleEvent(id, previous, capsule.status(), Instant.now()));
    release(dependents);
    return true;
  }

  /**
   * Holds {@code names}, dependents of a capsule about to leave, and unloads them one at a time, the
   * last to load first, each waited for: when this returns, none of them is loaded.
   */
  private void unloadFirst(Set<String> names, String reason) {
    List<String> order;
    synchronized (this) {
      SequencedMap<String, CapsuleManifest> manifests = new LinkedHashMap<>();
      nodes().forEach((name, node) -> manifests.put(name, node.manifest()));
      order = new ArrayList<>(CapsuleDependencies.loadOrder(manifests));
    }
    order.retainAll(names);
    for (String name : order.reversed()) {
      Future<?> unloaded;
      synchronized (this) {
        suspended.put(name, reason);
        unloaded = resolveDependencies().get(name);
      }
      awaitQuietly(unloaded, name);
    }
  }

  /** Lifts the holds {@link #unloadFirst} put, leaving each dependent to its dependencies as they are now. */
  private void release(Set<String> names) {
    synchronized (this) {
      suspended.keySet().removeAll(names);
      resolveDependencies();
    }
  }

  private void awaitQuietly(Future<?> unloaded, String name) {
    if (unloaded == null) {
      return;
    }
    try {
      unloaded.get(drain.get().toMillis() + CompositeCapsule.DEPARTURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("capsule [{}]: unloading it before its dependency left failed: {}", name, e.toString());
    }
  }

  /** The installed capsules that need {@code id}, directly or through others. */
  private synchronized Set<String> dependentsOf(String id) {
    Set<String> found = new HashSet<>(Set.of(id));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (CompositeCapsule capsule : capsules.values()) {
        if (!found.contains(capsule.id())
            && capsule.manifest().dependencies().keySet().stream().anyMatch(found::contains)) {
          grew = found.add(capsule.id());
        }
      }
    }
    found.remove(id);
    return found;
  }

  /** The dependents of {@code fresh}'s name that would be held were it switched in as it is now. */
  private synchronized Set<String> heldWith(CompositeCapsule fresh) {
    SequencedMap<String, DependencyHolds.Node> nodes = nodes();
    nodes.put(fresh.id(), new DependencyHolds.Node(fresh.manifest(), fresh.status().state(), fresh.appliedHold()));
    Map<String, Optional<CapsuleStatus>> holds = DependencyHolds.of(nodes, suspended);
    Set<String> held = new HashSet<>(dependentsOf(fresh.id()));
    held.removeIf(name -> holds.get(name).isEmpty());
    return held;
  }

  private synchronized Optional<CapsuleStatus> newcomerHold(CompositeCapsule fresh) {
    SequencedMap<String, DependencyHolds.Node> nodes = nodes();
    nodes.remove(fresh.id());
    return DependencyHolds.ofNewcomer(fresh.manifest(), nodes);
  }

  /**
   * Judges every installed capsule's dependencies again and tells each its hold; the futures
   * complete as each has reconciled. Called after every change of the table or of a state.
   */
  private synchronized Map<String, Future<?>> resolveDependencies() {
    Map<String, Optional<CapsuleStatus>> holds = DependencyHolds.of(nodes(), suspended);
    Map<String, Future<?>> applied = new HashMap<>();
    holds.forEach((name, hold) -> {
      CompositeCapsule capsule = capsules.get(name);
      if (capsule != null) {
        applied.put(name, capsule.hold(hold));
      }
    });
    return applied;
  }

  /** Whether {@code capsule} has the hold it should have now, and that hold waits on no passing state. */
  private synchronized boolean holdSettled(CompositeCapsule capsule) {
    DependencyHolds judged = DependencyHolds.judge(nodes(), suspended);
    return capsule.appliedHold().equals(judged.holdOf(capsule.id())) && !judged.isPassing(capsule.id());
  }

  /** The installed capsules as the dependency judgement sees them, by name. */
  private SequencedMap<String, DependencyHolds.Node> nodes() {
    SequencedMap<String, DependencyHolds.Node> nodes = new LinkedHashMap<>();
    new TreeMap<>(capsules).forEach((name, capsule) ->
        nodes.put(name, new DependencyHolds.Node(capsule.manifest(), capsule.status().state(),
            capsule.appliedHold())));
    return nodes;
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
    // Settled, and with the hold its dependencies give it now applied: a dependent seen WAITING just
    // as its dependency became READY is not settled yet.
    return capsule.awaitStatus(s -> s.state().isSettled() && holdSettled(capsule), timeout);
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
    Optional<CallGate.Ticket> entered = capsule == null ? Optional.empty() : capsule.enterCall();
    if (entered.isEmpty()) {
      return unavailable(qualifiedName, tool.capsuleId(), capsule);
    }
    ToolResult result;
    try {
      result = pipeline.call(tool, arguments);
    } catch (RuntimeException | Error e) {
      entered.get().exit();
      throw e;
    }
    // A call whose engine went away under it fails with why (issue 16), not the engine's error about being unloaded.
    Optional<String> revoked = entered.get().exit();
    return revoked.isPresent() && result.isError() ? unavailable(qualifiedName, revoked.get()) : result;
  }

  /**
   * Runs {@code work} on capsule {@code capsuleId} through its call gate, as an export call does: a replaced
   * version drains it first, unloading waits for it.
   *
   * @throws CapsuleException {@code NAME is unavailable: the capsule is ...} when it is not installed or not READY
   */
  <T> T withReady(String capsuleId, String name, Function<Capsule, T> work) {
    CompositeCapsule capsule = capsules.get(capsuleId);
    Optional<CallGate.Ticket> entered = capsule == null ? Optional.empty() : capsule.enterCall();
    if (entered.isEmpty()) {
      throw new CapsuleException(name + " is unavailable: the capsule is "
          + (capsule == null ? "not installed" + Suggestions.didYouMean(capsuleId, capsules.keySet())
              : capsule.status().toString()));
    }
    T result;
    try {
      result = work.apply(capsule);
    } catch (CapsuleException e) {
      Optional<String> revoked = entered.get().exit();
      throw revoked.isPresent() ? new CapsuleException(name + " is unavailable: " + revoked.get(), e) : e;
    } catch (RuntimeException | Error e) {
      entered.get().exit();
      throw e;
    }
    entered.get().exit();
    return result;
  }

  /** An export call, through the capsule's call gate like a tool call: a replaced version drains it first. */
  byte[] invoke(String capsuleId, String export, byte[] input) {
    String name = "export [" + export + "] of capsule [" + capsuleId + "]";
    return withReady(capsuleId, name, capsule -> {
      PluginExports exports = capsule.contributions().exports().orElseThrow(() ->
          new CapsuleException(name + " is unavailable: the capsule has no plugin"));
      return pipeline.invoke(capsuleId, exports, export, input);
    });
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
    return ToolResult.error("unknown tool [" + qualifiedName + "]" + Suggestions.didYouMean(meant(qualifiedName)));
  }

  /**
   * The served tool a caller most likely meant by an unknown name: the name with the {@code capsule:} prefix
   * it lacks ({@code knowledge-graph:search_nodes}), else the one served tool of that name in another capsule
   * or under a server's id ({@code capsule:knowledge-graph:memory:search_nodes}), else the nearest spelling.
   */
  private Optional<String> meant(String qualifiedName) {
    Set<String> served = tools.keySet();
    String prefixed = ToolCall.QUALIFIED_PREFIX + qualifiedName;
    if (served.contains(prefixed)) {
      return Optional.of(prefixed);
    }
    String tool = ":" + qualifiedName.substring(qualifiedName.lastIndexOf(':') + 1);
    List<String> sameTool = served.stream().filter(name -> name.endsWith(tool)).toList();
    return sameTool.size() == 1 ? Optional.of(sameTool.getFirst()) : Suggestions.closest(qualifiedName, served);
  }

  private static ToolResult unavailable(String qualifiedName, String capsuleId, CompositeCapsule capsule) {
    String state = capsule == null ? "not installed" : capsule.status().toString();
    return unavailable(qualifiedName, "capsule [" + capsuleId + "] is " + state);
  }

  /** The one form of a tool that cannot serve: {@code why} says what its capsule is, {@code capsule [ID] is ...}. */
  private static ToolResult unavailable(String qualifiedName, String why) {
    return ToolResult.error("tool [" + qualifiedName + "] is unavailable: " + why);
  }

  private void statusChanged(CompositeCapsule capsule, CapsuleStatus previous, CapsuleStatus current) {
    if (!offer(capsule, current.state() == CapsuleState.READY)) {
      return; // a replacement loading beside the current version, or one already removed
    }
    events.capsuleChanged(new CapsuleEvent(capsule.id(), previous, current, Instant.now()));
    resolveDependencies();
  }

  /**
   * Indexes {@code capsule}'s tools or drops them, if it is current, and re-indexes; returns whether it is current.
   * Checked under the lock that removal re-indexes under, so a capsule removed is never indexed again.
   */
  private synchronized boolean offer(CompositeCapsule capsule, boolean offered) {
    boolean current = capsules.get(capsule.id()) == capsule;
    if (current && offered) {
      offering.add(capsule);
    } else {
      offering.remove(capsule);
    }
    reindex();
    return current;
  }

  private synchronized void reindex() {
    offering.removeIf(capsule -> capsules.get(capsule.id()) != capsule);
    Map<String, RegisteredTool> index = new TreeMap<>();
    List<Capsule> ready = new ArrayList<>();
    for (CompositeCapsule capsule : offering) {
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
