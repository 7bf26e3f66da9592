package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.engine.JvmEngineConfiguration;
import io.astrid.capsule.api.engine.McpEngineConfiguration;
import io.astrid.capsule.api.engine.WasmEngineConfiguration;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Issue 16: every configured component of the distribution describes its configuration through the
 * metatype service (Felix metatype in a real framework, as Karaf's {@code config:*} commands and
 * consoles read it): a name, and a description and default per attribute; the API's key constants
 * and every key the distribution ships are attributes of their PID.
 */
class Issue16MetatypeIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final String METATYPE_BUNDLE = "org.apache.felix.metatype";

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

  @Test
  void everyConfiguredComponentDescribesEachAttributeWithADefault() throws Exception {
    Map<String, ShippedConfiguration.Component> components =
        ShippedConfiguration.components(DISTRIBUTION.resolve("bundles"));
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, Attribute>> metatypes = new TreeMap<>();
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.empty())) {
      Metatypes service = new Metatypes(framework);
      for (Map.Entry<String, ShippedConfiguration.Component> component : components.entrySet()) {
        String pid = component.getKey();
        if (pid.equals(component.getValue().name())) {
          continue; // configured by no PID of its own: the component's name is no setting
        }
        Optional<Map<String, Attribute>> attributes =
            service.attributes(framework.bundle(component.getValue().bundle()).orElseThrow(), pid);
        if (attributes.isEmpty()) {
          problems.add("PID [" + pid + "] of component [" + component.getValue().name() + "] has no metatype");
          continue;
        }
        metatypes.put(pid, attributes.get());
        attributes.get().forEach((id, attribute) -> {
          if (attribute.description() == null || attribute.description().isBlank()) {
            problems.add("attribute [" + id + "] of [" + pid + "] has no description");
          }
          if (attribute.required() && attribute.defaults() == null) {
            problems.add("attribute [" + id + "] of [" + pid + "] has no default");
          }
        });
      }
    }
    assertEquals(List.of(), problems);
    API_KEYS.forEach((pid, keys) -> assertEquals(keys, keys.stream()
        .filter(metatypes.getOrDefault(pid, Map.of())::containsKey).collect(Collectors.toSet()),
        "the API's keys of [" + pid + "] are attributes of its metatype " + metatypes.get(pid)));
    assertEquals(Set.of(CapsuleSecurityGate.PID, CapsuleRegistry.PID, CapsuleWatcher.PID,
        WasmEngineConfiguration.PID, McpEngineConfiguration.PID, JvmEngineConfiguration.PID, McpGateway.PID,
        KeyValueStore.PID, GuestLogRate.PID, MessageBus.PID, "io.astrid.capsule.security.queue"), metatypes.keySet(),
        "named for what they configure, never a class name");
  }

  @Test
  void everyShippedKeyIsAnAttributeOfItsPidsMetatype() throws Exception {
    Map<String, ShippedConfiguration.Component> components =
        ShippedConfiguration.components(DISTRIBUTION.resolve("bundles"));
    List<String> problems = new ArrayList<>();
    Map<String, Path> files = ShippedConfiguration.files(DISTRIBUTION.resolve("conf"));
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.empty())) {
      Metatypes service = new Metatypes(framework);
      for (Map.Entry<String, Path> file : files.entrySet()) {
        ShippedConfiguration.Component component = components.get(file.getKey());
        Map<String, Attribute> attributes = component == null ? Map.of()
            : service.attributes(framework.bundle(component.bundle()).orElseThrow(), file.getKey()).orElse(Map.of());
        for (String key : ShippedConfiguration.keys(file.getValue())) {
          if (!attributes.containsKey(key)) {
            problems.add("key [" + key + "] of [" + file.getValue().getFileName() + "] is no attribute of the"
                + " metatype of [" + file.getKey() + "]: " + attributes.keySet());
          }
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /** One attribute definition: its description, whether it is required, its default values (null: none). */
  record Attribute(String description, boolean required, String[] defaults) {}

  /**
   * The metatype service of the framework, called through its interfaces as the metatype bundle
   * exports them: they are not on the test's class path.
   */
  private static final class Metatypes {
    private static final String PACKAGE = "org.osgi.service.metatype.";
    /** {@code ObjectClassDefinition.ALL} and {@code REQUIRED}. */
    private static final int ALL = -1;
    private static final int REQUIRED = 1;

    private final Bundle api;
    private final Object service;

    Metatypes(EmbeddedFramework framework) throws Exception {
      this.api = framework.bundle(METATYPE_BUNDLE).orElseThrow();
      ServiceTracker<Object, Object> tracker = new ServiceTracker<>(api.getBundleContext(),
          api.getBundleContext().createFilter("(objectClass=" + PACKAGE + "MetaTypeService)"), null);
      tracker.open(true);
      this.service = tracker.waitForService(Duration.ofSeconds(30).toMillis());
      if (service == null) {
        throw new IllegalStateException("no " + PACKAGE + "MetaTypeService within 30 s");
      }
    }

    /** The attributes of {@code pid}'s object class definition in {@code bundle}, by id; empty when it has none. */
    Optional<Map<String, Attribute>> attributes(Bundle bundle, String pid) throws Exception {
      Object information = call("MetaTypeService", service, "getMetaTypeInformation", bundle);
      if (information == null || !List.of((String[]) call("MetaTypeInformation", information, "getPids"))
          .contains(pid)) {
        return Optional.empty();
      }
      Object definition = call("MetaTypeProvider", information, "getObjectClassDefinition", pid, null);
      List<Object> required = List.of(definitions(definition, REQUIRED));
      Map<String, Attribute> attributes = new LinkedHashMap<>();
      for (Object attribute : definitions(definition, ALL)) {
        attributes.put((String) call("AttributeDefinition", attribute, "getID"), new Attribute(
            (String) call("AttributeDefinition", attribute, "getDescription"), required.contains(attribute),
            (String[]) call("AttributeDefinition", attribute, "getDefaultValue")));
      }
      return Optional.of(attributes);
    }

    private Object[] definitions(Object definition, int filter) throws Exception {
      Object[] found = (Object[]) call("ObjectClassDefinition", definition, "getAttributeDefinitions", filter);
      return found == null ? new Object[0] : found;
    }

    /** {@code type.method(args)} on {@code target}; each argument's type is taken from the method of that name. */
    private Object call(String type, Object target, String method, Object... args) throws Exception {
      for (Method candidate : api.loadClass(PACKAGE + type).getMethods()) {
        if (candidate.getName().equals(method) && candidate.getParameterCount() == args.length) {
          return candidate.invoke(target, args);
        }
      }
      throw new NoSuchMethodException(PACKAGE + type + "." + method);
    }
  }
}
