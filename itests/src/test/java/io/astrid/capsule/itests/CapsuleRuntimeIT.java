package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.JvmEngineConfiguration;
import io.astrid.capsule.api.engine.McpEngineConfiguration;
import io.astrid.capsule.api.engine.WasmEngineConfiguration;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.testing.Await;
import io.astrid.capsule.testing.Collectable;
import io.astrid.capsule.testing.ShippedConfiguration;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The runtime as an OSGi container sees it, with the test itself inside the framework (Pax Exam's probe): the
 * distribution's bundles resolve, their services are there, each configured component describes its settings through
 * the metatype service, and a capsule follows its engine bundle (static, wasm, JVM) as it is stopped, started and
 * updated while the framework keeps running, leaving nothing of the old bundle behind; on the Felix base (the API
 * exported by the system bundle, as bin/capsule has it).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CapsuleRuntimeIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String WATCHDOG = "wasm-watchdog";

  /** The key constants of the API, by PID. */
  private static final Map<String, Set<String>> API_KEYS = Map.ofEntries(Map.entry(
      CapsuleSecurityGate.PID, Set.of(CapsuleSecurityGate.APPROVAL_NET, CapsuleSecurityGate.APPROVAL_FS_READ,
          CapsuleSecurityGate.APPROVAL_FS_WRITE, CapsuleSecurityGate.APPROVAL_HOST_PROCESS,
          CapsuleSecurityGate.APPROVAL_UPLINK, CapsuleSecurityGate.APPROVAL_KV, CapsuleSecurityGate.BUDGETS,
          CapsuleSecurityGate.APPROVAL_TIMEOUT_MS, CapsuleSecurityGate.STATE_DIRECTORY,
          CapsuleSecurityGate.AUDIT_LOG_MAX_BYTES, CapsuleSecurityGate.AUDIT_LOG_FILES)),
      Map.entry(CapsuleRegistry.PID, Set.of(CapsuleRegistry.CALL_TIMEOUT_MS, CapsuleRegistry.INTERCEPTOR_FAILURE)),
      Map.entry(CapsuleWatcher.PID, Set.of(CapsuleWatcher.DEBOUNCE_PROPERTY)),
      Map.entry(WasmEngineConfiguration.PID, Set.of(WasmEngineConfiguration.CALL_TIMEOUT_MS,
          WasmEngineConfiguration.MEMORY_MAX_BYTES, WasmEngineConfiguration.LIMITS, WasmEngineConfiguration.WORKSPACE)),
      Map.entry(McpEngineConfiguration.PID, Set.of(McpEngineConfiguration.CALL_TIMEOUT_MS,
          McpEngineConfiguration.INITIALIZE_TIMEOUT_MS, McpEngineConfiguration.RESTART_BACKOFF_MS,
          McpEngineConfiguration.RESTART_MAX_CRASHES, McpEngineConfiguration.RESTART_WINDOW_MS,
          McpEngineConfiguration.SAMPLING_PROVIDER, McpEngineConfiguration.ELICITATION_TIMEOUT_MS)),
      Map.entry(JvmEngineConfiguration.PID, Set.of(JvmEngineConfiguration.WORKSPACE)),
      Map.entry(McpGateway.PID, Set.of(McpGateway.HTTP_HOST, McpGateway.HTTP_PORT, McpGateway.HTTP_ALLOWED_ORIGINS,
          McpGateway.REQUEST_MAX_BYTES, McpGateway.SESSIONS_MAX, McpGateway.SESSION_IDLE_TIMEOUT_MS)),
      Map.entry(KeyValueStore.PID, Set.of(KeyValueStore.QUOTA_BYTES, KeyValueStore.QUOTA_KEYS)),
      Map.entry(GuestLogRate.PID, Set.of(GuestLogRate.LINES_PER_SECOND, GuestLogRate.BURST_LINES)),
      Map.entry(MessageBus.PID, Set.of(MessageBus.PAYLOAD_MAX_BYTES, MessageBus.PUBLISH_PER_SECOND,
          MessageBus.SUBSCRIPTIONS_MAX)));

  @Inject
  private CapsuleRegistry registry;

  @Inject
  private ManifestReader reader;

  @Inject
  private MetaTypeService metatype;

  private final BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();
  private ServiceRegistration<CapsuleListener> listening;

  @Before
  public void listen() {
    listening = context.registerService(CapsuleListener.class, events::add, null);
  }

  @After
  public void stopListening() {
    listening.unregister();
  }

  @Test
  public void everyBundleOfTheDistributionIsActive() {
    List<String> notActive = new ArrayList<>();
    for (Bundle bundle : context.getBundles()) {
      boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
      if (!fragment && bundle.getState() != Bundle.ACTIVE) {
        notActive.add(bundle.getSymbolicName() + " " + bundle.getState());
      }
    }
    assertEquals(List.of(), notActive);
  }

  @Test
  public void aStaticCapsuleGoesWaitingWhenItsEngineBundleStopsAndReadyWhenItStartsOrIsUpdated() throws Exception {
    Path directory = EXAMPLES.resolve("hello-static");
    CapsuleManifest manifest = reader.read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    registry.install(manifest, directory);
    try {
      assertEquals(CapsuleState.READY, registry.awaitSettled("hello-static", TIMEOUT).state());
      assertEquals(List.of("house-style"), registry.context().stream().map(c -> c.value().name()).toList());
      Bundle engine = installed("io.astrid.capsule.engine.static");

      engine.stop();
      assertEquals(CapsuleStatus.waitingFor(List.of("static")),
          registry.capsule("hello-static").orElseThrow().status());
      assertEquals("a WAITING capsule offers nothing", List.of(), registry.context());

      events.clear();
      engine.start();
      awaitReady("hello-static");
      engine.update();
      awaitReady("hello-static");
      assertEquals(List.of("greet"), registry.skills().stream().map(s -> s.value().name()).toList());
    } finally {
      registry.uninstall("hello-static");
    }
  }

  /** Waits for the capsule's next READY event: an arrival is handled on the capsule's own thread. */
  private void awaitReady(String capsuleId) throws InterruptedException {
    Await.next(events, e -> e.capsuleId().equals(capsuleId) && e.current().state() == CapsuleState.READY, TIMEOUT,
        () -> capsuleId + " READY again: " + registry.capsule(capsuleId).orElseThrow().status());
    assertEquals(CapsuleState.READY, registry.capsule(capsuleId).orElseThrow().status().state());
  }

  /** A bounded wait for the GC to clear {@code reference}; the failure says how to find what holds it. */
  private void awaitCollected(WeakReference<?> reference, String what) {
    events.clear(); // events are kept only until the next step; they must not hold what they mention
    Collectable.await(reference, what, TIMEOUT);
  }

  @Test
  public void aContextFileThatVanishedAfterValidationFailsTheLoadNamingIt() throws Exception {
    Path dir = Files.createTempDirectory(stateDirectory(), "vanishing");
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "vanishing"
        version = "1.0.0"

        [[context_file]]
        name = "notes"
        file = "notes.md"
        """);
    Files.writeString(dir.resolve("notes.md"), "here for now");
    CapsuleManifest manifest = reader.read(dir.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Files.delete(dir.resolve("notes.md"));

    registry.install(manifest, dir);
    try {
      assertEquals(CapsuleStatus.failed("engine [static] failed to load: context file [notes.md]: no such file"),
          registry.awaitSettled("vanishing", TIMEOUT));
      assertEquals(List.of(), registry.context());
    } finally {
      registry.uninstall("vanishing");
    }
  }

  /**
   * Issue 13, finding 9: the wasm call watchdog's thread belongs to the engine factory component, so an update of
   * the engine bundle stops the old one and leaves nothing of the old bundle running or reachable.
   */
  @Test
  public void issue13Finding9_aWasmEngineUpdateLeavesOneWatchdogAndTheOldLoaderCollectable() throws Exception {
    service(EngineFactory.class, TIMEOUT); // the engines are up
    Await.until(() -> watchdogThreads().size() == 1, TIMEOUT, () -> "one watchdog thread: " + watchdogThreads());
    Bundle engine = installed("io.astrid.capsule.engine.wasm");
    WeakReference<ClassLoader> oldLoader = new WeakReference<>(engine.adapt(BundleWiring.class).getClassLoader());
    Thread oldWatchdog = watchdogThreads().getFirst();

    engine.update();
    refresh(engine);

    assertFalse("the old bundle's watchdog thread has ended", oldWatchdog.isAlive());
    Await.until(() -> watchdogThreads().size() == 1, TIMEOUT,
        () -> "one watchdog thread after the update: " + watchdogThreads());
    Collectable.await(oldLoader, "the old wasm engine bundle's class loader (BundleWiringImpl$BundleClassLoader)",
        TIMEOUT);
  }

  private static List<Thread> watchdogThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(WATCHDOG) && t.isAlive())
        .toList();
  }

  /** Refreshes {@code bundle}, which drops its old revision, and waits for the refresh to end. */
  private void refresh(Bundle bundle) throws Exception {
    CompletableFuture<FrameworkEvent> done = new CompletableFuture<>();
    context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), done::complete);
    assertEquals(FrameworkEvent.PACKAGES_REFRESHED, done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getType());
  }

  /**
   * Issue 15: the example JVM capsule, trusted by a human for the session, called through the registry's pipeline,
   * follows the JVM engine bundle as it is stopped, started and updated; neither the old bundle's class loader nor
   * the old layers are retained.
   */
  @Test
  public void issue15_theJvmExampleFollowsItsEngineBundleAndNoOldBundleOrLayerIsRetained() throws Exception {
    List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    // "session", not "always": the trust is not stored in the state directory.
    ServiceRegistration<Approver> human = context.registerService(Approver.class,
        (ApprovalRequest request, Duration timeout) -> {
          asked.add(request);
          return Optional.of(ApprovalAnswer.SESSION);
        }, null);
    try {
      Capsule capsule = installReady(EXAMPLES.resolve("text-diff"), "text-diff", TIMEOUT);
      assertEquals(List.of("io.astrid.examples.textdiff"), capsule.layerModules());
      assertEquals(List.of("jvm"), asked.stream().map(ApprovalRequest::capability).distinct().toList());
      assertEquals(ToolResult.text("--- before\n+++ after\n@@ -1,2 +1,2 @@\n otters\n-hold paws\n+hold hands\n"),
          registry.call("capsule:text-diff:diff_text", Map.of("before", "otters\nhold paws\n",
              "after", "otters\nhold hands\n")));

      Bundle engine = installed("io.astrid.capsule.engine.jvm");
      WeakReference<ClassLoader> bundleLoader = new WeakReference<>(engine.adapt(BundleWiring.class).getClassLoader());
      WeakReference<ClassLoader> layerLoader = new WeakReference<>(capsuleToolLoader());

      engine.stop();
      assertEquals(CapsuleStatus.waitingFor(List.of("jvm")), capsule.status());
      assertEquals(List.of(), capsule.layerModules());
      awaitCollected(layerLoader, "the layer loader of the capsule unloaded when its engine bundle stopped");

      engine.start();
      awaitReady("text-diff");
      layerLoader = new WeakReference<>(capsuleToolLoader());
      engine.update();
      awaitReady("text-diff");
      assertEquals(List.of("io.astrid.examples.textdiff"), capsule.layerModules());
      assertEquals(ToolResult.text(""), registry.call("capsule:text-diff:diff_text", Map.of("before", "same",
          "after", "same")));

      awaitCollected(layerLoader, "the layer loader of the capsule reloaded by the engine bundle's update");
      awaitCollected(bundleLoader, "the class loader of the engine bundle before its update");
    } finally {
      human.unregister();
      registry.uninstall("text-diff");
    }
  }

  /** The class loader of the capsule's own tool class: its layer's loader (the engine wraps it in a record). */
  private ClassLoader capsuleToolLoader() throws ReflectiveOperationException {
    CapsuleTool wrapper = registry.tools().stream().filter(t -> t.capsuleId().equals("text-diff")).findFirst()
        .orElseThrow().tool();
    var accessor = wrapper.getClass().getRecordComponents()[0].getAccessor();
    accessor.setAccessible(true);
    return accessor.invoke(wrapper).getClass().getClassLoader();
  }

  /**
   * Issue 16: every configured component describes its configuration through the metatype service (as Karaf's
   * {@code config:*} commands and consoles read it): a name, and a description and default per attribute; the API's
   * key constants are attributes of their PID.
   */
  @Test
  public void issue16_everyConfiguredComponentDescribesEachAttributeWithADefault() throws Exception {
    Map<String, ShippedConfiguration.Component> components =
        ShippedConfiguration.components(DISTRIBUTION.resolve("bundles"));
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, AttributeDefinition>> metatypes = new TreeMap<>();
    for (Map.Entry<String, ShippedConfiguration.Component> component : components.entrySet()) {
      String pid = component.getKey();
      if (pid.equals(component.getValue().name())) {
        continue; // configured by no PID of its own: the component's name is no setting
      }
      Optional<ObjectClassDefinition> definition = definition(component.getValue().bundle(), pid);
      if (definition.isEmpty()) {
        problems.add("PID [" + pid + "] of component [" + component.getValue().name() + "] has no metatype");
        continue;
      }
      metatypes.put(pid, attributes(definition.get()));
      List<AttributeDefinition> required = List.of(definitions(definition.get(), ObjectClassDefinition.REQUIRED));
      for (AttributeDefinition attribute : definitions(definition.get(), ObjectClassDefinition.ALL)) {
        if (attribute.getDescription() == null || attribute.getDescription().isBlank()) {
          problems.add("attribute [" + attribute.getID() + "] of [" + pid + "] has no description");
        }
        if (required.contains(attribute) && attribute.getDefaultValue() == null) {
          problems.add("attribute [" + attribute.getID() + "] of [" + pid + "] has no default");
        }
      }
    }
    assertEquals(List.of(), problems);
    API_KEYS.forEach((pid, keys) -> assertEquals("the API's keys of [" + pid + "] are attributes of its metatype "
        + metatypes.get(pid), keys, keys.stream().filter(metatypes.getOrDefault(pid, Map.of())::containsKey)
        .collect(Collectors.toSet())));
    assertEquals("named for what they configure, never a class name", Set.of(CapsuleSecurityGate.PID,
        CapsuleRegistry.PID, CapsuleWatcher.PID, WasmEngineConfiguration.PID, McpEngineConfiguration.PID,
        JvmEngineConfiguration.PID, McpGateway.PID, KeyValueStore.PID, GuestLogRate.PID, MessageBus.PID,
        "io.astrid.capsule.security.queue"), metatypes.keySet());
  }

  /** Issue 16: every key the distribution ships is an attribute of its PID's metatype. */
  @Test
  public void issue16_everyShippedKeyIsAnAttributeOfItsPidsMetatype() throws Exception {
    Map<String, ShippedConfiguration.Component> components =
        ShippedConfiguration.components(DISTRIBUTION.resolve("bundles"));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Path> file : ShippedConfiguration.files(DISTRIBUTION.resolve("conf"))
        .entrySet()) {
      ShippedConfiguration.Component component = components.get(file.getKey());
      Map<String, AttributeDefinition> attributes = component == null ? Map.of()
          : definition(component.bundle(), file.getKey()).map(CapsuleRuntimeIT::attributes).orElse(Map.of());
      for (String key : ShippedConfiguration.keys(file.getValue())) {
        if (!attributes.containsKey(key)) {
          problems.add("key [" + key + "] of [" + file.getValue().getFileName() + "] is no attribute of the"
              + " metatype of [" + file.getKey() + "]: " + attributes.keySet());
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /** The object class definition of {@code pid} in the bundle {@code symbolicName}; empty when it has none. */
  private Optional<ObjectClassDefinition> definition(String symbolicName, String pid) {
    MetaTypeInformation information = metatype.getMetaTypeInformation(installed(symbolicName));
    if (information == null || !List.of(information.getPids()).contains(pid)) {
      return Optional.empty();
    }
    return Optional.of(information.getObjectClassDefinition(pid, null));
  }

  /** The attributes of a definition, by id. */
  private static Map<String, AttributeDefinition> attributes(ObjectClassDefinition definition) {
    Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
    for (AttributeDefinition attribute : definitions(definition, ObjectClassDefinition.ALL)) {
      attributes.put(attribute.getID(), attribute);
    }
    return attributes;
  }

  private static AttributeDefinition[] definitions(ObjectClassDefinition definition, int filter) {
    AttributeDefinition[] found = definition.getAttributeDefinitions(filter);
    return found == null ? new AttributeDefinition[0] : found;
  }
}
