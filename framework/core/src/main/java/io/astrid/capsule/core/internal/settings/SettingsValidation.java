package io.astrid.capsule.core.internal.settings;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every value of the runtime's PIDs ({@value #PID_PREFIX}*) against its component's metatype (type, minimum,
 * maximum, options) before Config Admin hands it to the component, whichever way it came (a hand edit of a file,
 * Karaf's {@code config:*} commands, any Config Admin client). A bad value is logged as
 * {@code setting not applied [PID KEY=VALUE]: WHY; KEY stays LAST} and replaced by the last good value of that key
 * (or left out, with {@code the default applies}, when none was seen): the component keeps its last good setting
 * rather than failing on a value its metatype rejects (issue 16). The stored configuration, and the file, keep what
 * the user wrote.
 *
 * <p>A Config Admin plugin sees a configuration each time it is delivered (to each consumer, and again when one
 * asks), so the last good values are remembered per PID and key, and a bad value is logged once until it changes.
 * Ranked {@value #RANKING}, the last of the plugins that may change values, after Felix's interpolation (500).
 * Immediate: a delayed component would be dropped, and its memory with it, each time Config Admin ungets it.
 *
 * <p>The configurations present at start were read by the components of the bundles that started before this
 * plugin was registered (this bundle's own: Declarative Services reads a bundle's configurations before it
 * activates any of its components), without it. So on activation every one of them is checked as a delivered one
 * is, each bad value logged with the same message, and a PID that has one is delivered again, through this plugin,
 * so that its component gets the default instead of the value it rejects.
 */
@Component(service = ConfigurationPlugin.class, immediate = true,
    property = ConfigurationPlugin.CM_RANKING + ":Integer=" + SettingsValidation.RANKING)
public final class SettingsValidation implements ConfigurationPlugin {
  static final String PID_PREFIX = "io.astrid.capsule.";
  static final int RANKING = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(SettingsValidation.class);

  private final BundleContext context;
  private final MetaTypeService metatype;
  /** PID to key to the last good value; PID to key to the bad value last logged. Guarded by this. */
  private final Map<String, Map<String, Object>> good = new HashMap<>();
  private final Map<String, Map<String, String>> reported = new HashMap<>();

  @Activate
  public SettingsValidation(BundleContext context, @Reference MetaTypeService metatype,
      @Reference ConfigurationAdmin configurations) {
    this.context = context;
    this.metatype = metatype;
    checkPresentConfigurations(configurations);
  }

  @Override
  public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
    check(properties);
  }

  /** Checks the configurations of our PIDs there before this plugin; delivers again those with a bad value. */
  private void checkPresentConfigurations(ConfigurationAdmin configurations) {
    Configuration[] present;
    try {
      present = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + PID_PREFIX + "*)");
    } catch (IOException | InvalidSyntaxException e) {
      LOG.warn("cannot check the settings present at start: {}", e.getMessage());
      return;
    }
    for (Configuration configuration : Objects.requireNonNullElse(present, new Configuration[0])) {
      Dictionary<String, Object> properties = configuration.getProperties();
      if (properties != null && check(properties)) {
        try {
          // The values as they are stored, bad ones included: a new change count, which Declarative Services
          // needs to read a configuration again (update() without values reloads it, as it was, and keeps it).
          configuration.update(configuration.getProperties());
        } catch (IOException | IllegalStateException e) { // IllegalStateException: deleted meanwhile
          LOG.warn("cannot deliver the settings of [{}] again: {}", configuration.getPid(), e.getMessage());
        }
      }
    }
  }

  /** Replaces each bad value of {@code properties}, one of our PIDs', as the class says; whether there was one. */
  private boolean check(Dictionary<String, Object> properties) {
    if (!(properties.get(Constants.SERVICE_PID) instanceof String pid) || !pid.startsWith(PID_PREFIX)) {
      return false;
    }
    ObjectClassDefinition definition = definition(pid);
    AttributeDefinition[] attributes = definition == null ? null
        : definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
    // null: a PID without keys (io.astrid.capsule.security.queue)
    return attributes != null && check(pid, attributes, properties);
  }

  private synchronized boolean check(String pid, AttributeDefinition[] attributes,
      Dictionary<String, Object> properties) {
    Map<String, Object> lastGood = good.computeIfAbsent(pid, p -> new HashMap<>());
    Map<String, String> logged = reported.computeIfAbsent(pid, p -> new HashMap<>());
    boolean replaced = false;
    for (AttributeDefinition attribute : attributes) {
      String key = attribute.getID();
      Object value = properties.get(key);
      String problem = value == null ? null : problem(attribute, value);
      if (problem == null) {
        // Absent: the component's default applies, which is then the good value to come back to.
        if (value == null) {
          lastGood.remove(key);
        } else {
          lastGood.put(key, value);
        }
        logged.remove(key);
        continue;
      }
      replaced = true;
      Object kept = lastGood.get(key);
      if (kept == null) {
        properties.remove(key);
      } else {
        properties.put(key, kept);
      }
      String written = text(value);
      if (!written.equals(logged.put(key, written))) {
        LOG.error("setting not applied [{} {}={}]: {}; {}", pid, key, written, problem,
            kept == null ? "the default applies" : key + " stays " + text(kept));
      }
    }
    return replaced;
  }

  /** Why {@code value} is not one {@code attribute} allows; null when it is. */
  static String problem(AttributeDefinition attribute, Object value) {
    for (String one : values(value)) {
      String why = attribute.validate(one);
      if (why != null && !why.isEmpty()) {
        // Felix's metatype answers with a message key ("%less than minimum") that no bundle localizes.
        String[] options = attribute.getOptionValues();
        return why.replace("%", "") + " (" + (options == null || options.length == 0 ? type(attribute.getType())
            : "one of " + String.join(", ", options)) + ")";
      }
    }
    return null;
  }

  private static List<String> values(Object value) {
    if (value instanceof Collection<?> many) {
      return many.stream().map(String::valueOf).toList();
    }
    if (value.getClass().isArray()) {
      return Stream.iterate(0, i -> i < Array.getLength(value), i -> i + 1)
          .map(i -> String.valueOf(Array.get(value, i))).toList();
    }
    return List.of(String.valueOf(value));
  }

  private static String text(Object value) {
    return value.getClass().isArray() || value instanceof Collection<?> ? String.join(",", values(value))
        : String.valueOf(value);
  }

  private static String type(int type) {
    return switch (type) {
      case AttributeDefinition.LONG -> "a long";
      case AttributeDefinition.INTEGER -> "an integer";
      case AttributeDefinition.SHORT -> "a short";
      case AttributeDefinition.BYTE -> "a byte";
      case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "a number";
      case AttributeDefinition.BOOLEAN -> "true or false";
      case AttributeDefinition.CHARACTER -> "a character";
      default -> "a string";
    };
  }

  /** The definition of {@code pid} in the bundle that designates it (a component's {@code @Designate}). */
  private ObjectClassDefinition definition(String pid) {
    for (Bundle bundle : context.getBundles()) {
      MetaTypeInformation information = metatype.getMetaTypeInformation(bundle);
      if (information != null && Stream.of(Objects.requireNonNullElse(information.getPids(), new String[0]))
          .anyMatch(pid::equals)) {
        return information.getObjectClassDefinition(pid, null);
      }
    }
    return null;
  }
}
