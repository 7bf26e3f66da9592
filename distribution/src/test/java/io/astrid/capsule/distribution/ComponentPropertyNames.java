package io.astrid.capsule.distribution;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration keys a component reads, computed from its component property types the way
 * Declarative Services computes them (OSGi R7 Compendium 112.8.2.1): {@code $$} is {@code $},
 * {@code $_$} is {@code -}, another {@code $} is dropped, {@code __} is {@code _} and {@code _} is
 * {@code .}. Our components take their configuration in the activate constructor (STYLE rule 4);
 * none uses {@code PREFIX_} or a single-element annotation, the two other rules of that section.
 */
final class ComponentPropertyNames {
  private ComponentPropertyNames() {}

  /** Every key of every component property type that a constructor of {@code component} takes. */
  static Set<String> of(Class<?> component) {
    Set<String> names = new TreeSet<>();
    for (Constructor<?> constructor : component.getConstructors()) {
      Arrays.stream(constructor.getParameterTypes()).filter(Class::isAnnotation)
          .flatMap(type -> Arrays.stream(type.getDeclaredMethods())).map(Method::getName)
          .map(ComponentPropertyNames::name).forEach(names::add);
    }
    return names;
  }

  /** The property name of one method of a component property type. */
  static String name(String method) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c == '$' && method.startsWith("$$", i)) {
        name.append('$');
        i++;
      } else if (c == '$' && method.startsWith("$_$", i)) {
        name.append('-');
        i += 2;
      } else if (c == '_' && method.startsWith("__", i)) {
        name.append('_');
        i++;
      } else if (c == '_') {
        name.append('.');
      } else if (c != '$') {
        name.append(c);
      }
    }
    return name.toString();
  }
}
