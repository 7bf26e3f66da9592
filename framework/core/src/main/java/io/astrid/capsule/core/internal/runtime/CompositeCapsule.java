package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One capsule: the engines of the kinds its manifest needs, under one lifecycle that follows the
 * engine factories. All lifecycle work runs on the capsule's own thread, one step at a time, so
 * engines never see two lifecycle calls at once and a slow engine never blocks the framework's
 * service events.
 *
 * <p>Whenever the factories change it reconciles: engines built by a factory that is gone or
 * replaced are unloaded (in reverse order); when a kind has no factory it is WAITING; when all
 * kinds have one it loads them in order, and any failure unloads what was loaded and leaves it
 * FAILED with the engine and cause. A FAILED capsule retries only when a factory changes.
 *
 * <p>Its {@code [dependencies]} are judged by the table, which tells it a hold ({@link #hold}): while
 * held it has no engines loaded and takes the hold's WAITING or FAILED status (issue 17).
 */
final class CompositeCapsule implements Capsule {
  private static final Logger LOG = LoggerFactory.getLogger(CompositeCapsule.class);
  /**
   * A load that failed, on a logger of its own: the reason is also the capsule's status, which a front end
   * such as {@code capsule run} prints itself, so it can keep this line off its console (issue 19).
   */
  private static final Logger LOAD_FAILURES = LoggerFactory.getLogger(CompositeCapsule.class.getName() + ".load");

  /** Told of every status change, on the lifecycle thread. */
  interface StatusListener {
    void statusChanged(CompositeCapsule capsule, CapsuleStatus previous, CapsuleStatus current);

    /**
     * The capsule is about to turn (or, with new contributions, stay) READY: called before anyone can see it READY,
     * so that its tools are indexed by then (issue 16: a caller that saw READY got {@code unknown tool}).
     */
    default void turningReady(CompositeCapsule capsule) {}
  }

  private final CapsuleManifest manifest;
  private final Path directory;
  private final List<String> kinds;
  private final EngineFactories factories;
  private final Function<CapsuleManifest, EnvValues> environment;
  private final StatusListener listener;
  private final ExecutorService lifecycle;
  private final CallGate calls = new CallGate();
  private final List<EngineFactories.Watch> watches = new ArrayList<>();

  /** How long a factory's departure waits for its engines to unload. */
  static final Duration DEPARTURE_TIMEOUT = Duration.ofSeconds(30);

  /** Stands for "no factory" in {@link #announced}, which cannot hold nulls. */
  private static final EngineFactory NO_FACTORY = new EngineFactory() {
    @Override
    public String kind() {
      return "none";
    }

    @Override
    public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
      return List.of();
    }
  };

  /** The last factory each watch announced, written by the announcing threads. */
  private final Map<String, EngineFactory> announced = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Thread lifecycleThread;
  private volatile boolean stopping;

  // Lifecycle thread only.
  private final Map<String, EngineFactory> available = new HashMap<>();
  private Map<String, EngineFactory> attempted = Map.of();
  private List<ExecutionEngine> loaded = List.of();
  private boolean watching;
  private boolean stopped;
  private Optional<CapsuleStatus> held = Optional.empty();

  // Read from any thread.
  private volatile CapsuleStatus status = CapsuleStatus.of(CapsuleState.UNLOADED);
  private volatile EngineContributions contributions = EngineContributions.NONE;
  private volatile List<String> engineNames = List.of();
  private volatile List<String> layerModules = List.of();
  private boolean started; // guarded by this
  /** The dependency hold last applied (reconciled), for waiters that must see it applied. */
  private volatile Optional<CapsuleStatus> appliedHold = Optional.empty();

  /**
   * @param environment resolves the capsule's {@code [env]} values before each load (the
   *     {@link io.astrid.capsule.api.host.CapsuleEnvironment})
   */
  CompositeCapsule(CapsuleManifest manifest, Path directory, EngineFactories factories,
      Function<CapsuleManifest, EnvValues> environment, StatusListener listener) {
    this.manifest = manifest;
    this.directory = directory;
    this.kinds = EngineKinds.required(manifest);
    this.factories = factories;
    this.environment = environment;
    this.listener = listener;
    this.lifecycle = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = Thread.ofVirtual().name("capsule-" + id()).unstarted(runnable);
      lifecycleThread = thread;
      return thread;
    });
  }

  @Override
  public String id() {
    return manifest.name();
  }

  @Override
  public CapsuleManifest manifest() {
    return manifest;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public CapsuleStatus status() {
    return status;
  }

  @Override
  public List<String> engineKinds() {
    return kinds;
  }

  @Override
  public List<String> engineNames() {
    return engineNames;
  }

  @Override
  public EngineContributions contributions() {
    return contributions;
  }

  @Override
  public List<String> layerModules() {
    return layerModules;
  }

  /** Opens a watch per kind; the first reconcile runs once every watch has reported. */
  void start() {
    for (String kind : kinds) {
      watches.add(factories.watch(kind, factory -> announce(kind, factory)));
    }
    lifecycle.execute(() -> {
      watching = true;
      reconcile();
      synchronized (this) {
        started = true;
        notifyAll();
      }
    });
  }

  /**
   * Closes the watches, waits up to {@code drain} for calls in flight, unloads the engines and
   * ends the lifecycle thread. Idempotent.
   */
  void stop(Duration drain) {
    // Closing the watches announces every factory as gone; a stopping capsule need not react to that.
    stopping = true;
    watches.forEach(EngineFactories.Watch::close);
    watches.clear();
    try {
      if (!calls.closeAndDrain(drain)) {
        LOG.warn("capsule [{}]: calls still running after {}; unloading anyway", id(), drain);
      }
      Future<?> done = lifecycle.submit(() -> {
        stopped = true;
        unloadEngines("capsule [" + id() + "] is being unloaded");
        setStatus(CapsuleStatus.of(CapsuleState.UNLOADED));
      });
      done.get();
      lifecycle.shutdown();
      lifecycle.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
      LOG.warn("capsule [{}]: stopping failed", id(), e);
    }
  }

  /**
   * What the capsule's {@code [dependencies]} hold it in now (issue 17): empty to let it load, else
   * the WAITING or FAILED status it takes instead, its engines unloaded. Applied on the lifecycle
   * thread; the future completes once the capsule has reconciled with it (a dependent is unloaded).
   */
  Future<?> hold(Optional<CapsuleStatus> hold) {
    try {
      return lifecycle.submit(() -> {
        boolean changed = !hold.equals(held);
        held = hold;
        if (watching && changed) {
          reconcile();
        }
        synchronized (this) {
          appliedHold = hold;
          notifyAll();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
  }

  /** The dependency hold the capsule has reconciled with. */
  Optional<CapsuleStatus> appliedHold() {
    return appliedHold;
  }

  /**
   * Enters a tool call: empty unless READY. The ticket's {@link CallGate.Ticket#exit()} must follow, and tells
   * whether the engines went away while the call ran.
   */
  Optional<CallGate.Ticket> enterCall() {
    return calls.enter();
  }

  /** Waits until the first reconcile has run and the state is settled; returns the status then. */
  CapsuleStatus awaitSettled(Duration timeout) {
    return awaitStatus(s -> s.state().isSettled(), timeout);
  }

  /**
   * Waits until the first reconcile has run and {@code condition} holds for the status.
   *
   * @throws CapsuleException on timeout, with the status it was left in
   */
  CapsuleStatus awaitStatus(Predicate<CapsuleStatus> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!started || !condition.test(status)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new CapsuleException("capsule [" + id() + "] did not settle within " + timeout + ": " + status);
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CapsuleException("interrupted while waiting for capsule [" + id() + "]", e);
        }
      }
      return status;
    }
  }

  /**
   * A factory arrived, left or was replaced. Arrivals are handled in the background (loading may
   * take seconds). A departure is waited for, as OSGi expects of a service's users: when the
   * factory's bundle has stopped, no engine it made is still loaded.
   */
  private void announce(String kind, Optional<EngineFactory> factory) {
    if (stopping) {
      return;
    }
    EngineFactory previous = announced.put(kind, factory.orElse(NO_FACTORY));
    Future<?> handled;
    try {
      handled = lifecycle.submit(() -> factoryChanged(kind, factory));
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      return;
    }
    boolean departure = previous != null && previous != NO_FACTORY && previous != factory.orElse(null);
    if (departure && Thread.currentThread() != lifecycleThread) {
      try {
        handled.get(DEPARTURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        LOG.warn("capsule [{}]: engines of kind [{}] still unloading after {}", id(), kind, DEPARTURE_TIMEOUT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.warn("capsule [{}]: reacting to the departure of [{}] failed", id(), kind, e.getCause());
      }
    }
  }

  private void factoryChanged(String kind, Optional<EngineFactory> factory) {
    factory.ifPresentOrElse(f -> available.put(kind, f), () -> available.remove(kind));
    if (watching) {
      reconcile();
    }
  }

  private void reconcile() {
    if (stopped) {
      return;
    }
    Map<String, EngineFactory> current = Map.copyOf(available);
    if (!loaded.isEmpty() && !current.equals(attempted)) {
      unloadEngines(engineAway(current));
    }
    List<String> missing = kinds.stream().filter(k -> !current.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      CapsuleStatus waiting = CapsuleStatus.waitingFor(missing);
      if (!waiting.equals(status)) {
        setStatus(waiting);
      }
      return;
    }
    if (held.isPresent()) {
      unloadEngines("capsule [" + id() + "] is " + held.get());
      attempted = Map.of(); // loads again once the hold is lifted
      if (!held.get().equals(status)) {
        setStatus(held.get());
      }
      return;
    }
    boolean unchanged = current.equals(attempted);
    if (status.state() == CapsuleState.READY || status.state() == CapsuleState.FAILED && unchanged) {
      return;
    }
    EnvValues env;
    try {
      env = environment.apply(manifest);
    } catch (CapsuleException e) {
      attempted = current;
      LOAD_FAILURES.warn("capsule [{}] failed to load: {}", id(), e.getMessage());
      setStatus(CapsuleStatus.failed(e.getMessage()));
      return;
    }
    if (!env.missing().isEmpty()) {
      setStatus(CapsuleStatus.waiting(waitingForValues(id(), env.missing())));
      return;
    }
    load(current, env);
  }

  /**
   * Why a call stopped when the factories of some of the loaded engines' kinds changed under it (issue 16): the one
   * text for every engine, {@code capsule [ID] is waiting for engine [KIND]: it is being stopped or updated}, or
   * {@code ...: it is being replaced} when a better factory of the kind arrived.
   */
  private String engineAway(Map<String, EngineFactory> current) {
    List<String> changed = kinds.stream().filter(k -> attempted.get(k) != current.get(k)).toList();
    boolean gone = changed.stream().anyMatch(k -> !current.containsKey(k));
    return "capsule [" + id() + "] is waiting for engine " + changed + ": "
        + (changed.size() == 1 ? "it is" : "they are") + " being " + (gone ? "stopped or updated" : "replaced");
  }

  /** What a capsule without a required {@code [env]} value waits for, and the command that sets it (issue 17). */
  static String waitingForValues(String capsuleId, List<String> names) {
    if (names.size() == 1) {
      return "waiting for env value [" + names.get(0) + "], which has no default: set it with: capsule env "
          + capsuleId + " set " + names.get(0);
    }
    return "waiting for env values " + names + ", which have no default: set each with: capsule env " + capsuleId
        + " set NAME";
  }

  private void load(Map<String, EngineFactory> factoriesByKind, EnvValues env) {
    attempted = factoriesByKind;
    setStatus(CapsuleStatus.of(CapsuleState.LOADING));
    EngineContext context = new EngineContext(id(), manifest, directory, CapsuleLayers.EMPTY, monitor, env);
    List<ExecutionEngine> engines = new ArrayList<>();
    try {
      for (String kind : kinds) {
        for (ExecutionEngine engine : create(factoriesByKind.get(kind), kind)) {
          engines.add(engine);
          loadOne(engine, context);
        }
      }
      EngineContributions all = Contributions.combine(id(), engines);
      loaded = List.copyOf(engines);
      contributions = all;
      engineNames = engines.stream().map(ExecutionEngine::name).toList();
      // Names only: the composite keeps no reference to an engine's layer, so unloading the engine frees it.
      layerModules = engines.stream().flatMap(e -> e.layer().stream()).flatMap(l -> l.modules().stream())
          .map(Module::getName).sorted().toList();
      calls.open();
      setStatus(CapsuleStatus.of(CapsuleState.READY));
    } catch (CapsuleException e) {
      unloadAll(engines);
      LOAD_FAILURES.warn("capsule [{}] failed to load: {}", id(), e.getMessage());
      setStatus(CapsuleStatus.failed(e.getMessage()));
    }
  }

  /** What the loaded engines report, handled on the lifecycle thread. */
  private final EngineMonitor monitor = new EngineMonitor() {
    @Override
    public void failed(String reason) {
      lifecycle.execute(() -> engineGaveUp(reason));
    }

    @Override
    public void contributionsChanged() {
      lifecycle.execute(CompositeCapsule.this::refreshContributions);
    }
  };

  /** The engines offer something else now: combine again and announce READY again, so the registry re-indexes. */
  private void refreshContributions() {
    if (stopped || status.state() != CapsuleState.READY) {
      return;
    }
    try {
      contributions = Contributions.combine(id(), loaded);
      setStatus(CapsuleStatus.of(CapsuleState.READY));
    } catch (CapsuleException e) {
      engineGaveUp(e.getMessage());
    }
  }

  /** A loaded engine cannot serve any more: unload everything, FAILED until a factory changes. */
  private void engineGaveUp(String reason) {
    if (stopped || status.state() != CapsuleState.READY) {
      return;
    }
    LOG.warn("capsule [{}]: {}", id(), reason);
    unloadEngines("capsule [" + id() + "] is " + CapsuleStatus.failed(reason));
    attempted = Map.copyOf(available);
    setStatus(CapsuleStatus.failed(reason));
  }

  private List<ExecutionEngine> create(EngineFactory factory, String kind) {
    List<ExecutionEngine> engines;
    try {
      engines = factory.create(manifest, directory);
    } catch (RuntimeException e) {
      throw new CapsuleException("engine factory [" + kind + "] failed to create engines: " + describe(e), e);
    }
    if (engines == null || engines.isEmpty()) {
      throw new CapsuleException("engine factory [" + kind + "] created no engine");
    }
    return engines;
  }

  private static void loadOne(ExecutionEngine engine, EngineContext context) {
    try {
      engine.load(context);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new CapsuleException("engine [" + engine.name() + "] failed to load: " + describe(e), e);
    }
  }

  /**
   * Unloads the loaded engines at once: the calls still running on them are revoked with {@code why} (what the
   * capsule is now, in the form {@code capsule [ID] is ...}), which their callers get instead of the engines' errors.
   */
  private void unloadEngines(String why) {
    if (loaded.isEmpty()) {
      return;
    }
    calls.closeAndRevoke(why);
    setStatus(CapsuleStatus.of(CapsuleState.UNLOADING));
    contributions = EngineContributions.NONE;
    engineNames = List.of();
    layerModules = List.of();
    unloadAll(loaded);
    loaded = List.of();
    attempted = Map.of();
  }

  /** Best effort, in reverse order: one engine's failure never stops the others' unload. */
  private void unloadAll(List<ExecutionEngine> engines) {
    for (int i = engines.size() - 1; i >= 0; i--) {
      ExecutionEngine engine = engines.get(i);
      try {
        engine.unload();
      } catch (Exception e) {
        LOG.warn("capsule [{}]: engine [{}] failed to unload: {}", id(), engine.name(), describe(e), e);
      }
    }
  }

  private void setStatus(CapsuleStatus next) {
    if (next.state() == CapsuleState.READY) {
      try {
        listener.turningReady(this);
      } catch (RuntimeException e) {
        LOG.warn("capsule [{}]: status listener failed", id(), e);
      }
    }
    CapsuleStatus previous;
    synchronized (this) {
      previous = status;
      status = next;
      notifyAll();
    }
    try {
      listener.statusChanged(this, previous, next);
    } catch (RuntimeException e) {
      LOG.warn("capsule [{}]: status listener failed", id(), e);
    }
  }

  static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
