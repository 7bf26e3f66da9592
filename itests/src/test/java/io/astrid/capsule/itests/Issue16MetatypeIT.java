package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;

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
import io.astrid.capsule.testing.ShippedConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Issue 16: every configured component of the distribution describes its configuration through the
 * metatype service (Felix metatype in a real framework, as Karaf's {@code config:*} commands and
 * consoles read it): a name, and a description and default per attribute; the API's key constants
 * and every key the distribution ships are attributes of their PID.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue16MetatypeIT extends FelixContainerBase {
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
          McpEngineConfiguration.SAMPLING_PROVIDER)),
      Map.entry(JvmEngineConfiguration.PID, Set.of(JvmEngineConfiguration.WORKSPACE)),
      Map.entry(McpGateway.PID, Set.of(McpGateway.HTTP_HOST, McpGateway.HTTP_PORT, McpGateway.HTTP_ALLOWED_ORIGINS,
          McpGateway.REQUEST_MAX_BYTES, McpGateway.SESSIONS_MAX, McpGateway.SESSION_IDLE_TIMEOUT_MS)),
      Map.entry(KeyValueStore.PID, Set.of(KeyValueStore.QUOTA_BYTES, KeyValueStore.QUOTA_KEYS)),
      Map.entry(GuestLogRate.PID, Set.of(GuestLogRate.LINES_PER_SECOND, GuestLogRate.BURST_LINES)),
      Map.entry(MessageBus.PID, Set.of(MessageBus.PAYLOAD_MAX_BYTES, MessageBus.PUBLISH_PER_SECOND,
          MessageBus.SUBSCRIPTIONS_MAX)));

  @Inject
  private MetaTypeService metatype;

  @Test
  public void everyConfiguredComponentDescribesEachAttributeWithADefault() throws Exception {
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

  @Test
  public void everyShippedKeyIsAnAttributeOfItsPidsMetatype() throws Exception {
    Map<String, ShippedConfiguration.Component> components =
        ShippedConfiguration.components(DISTRIBUTION.resolve("bundles"));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Path> file : ShippedConfiguration.files(DISTRIBUTION.resolve("conf"))
        .entrySet()) {
      ShippedConfiguration.Component component = components.get(file.getKey());
      Map<String, AttributeDefinition> attributes = component == null ? Map.of()
          : definition(component.bundle(), file.getKey()).map(Issue16MetatypeIT::attributes).orElse(Map.of());
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
