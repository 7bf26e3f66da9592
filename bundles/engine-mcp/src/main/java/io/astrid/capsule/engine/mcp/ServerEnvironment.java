package io.astrid.capsule.engine.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's environment: a minimal base from the host (PATH to find the program, HOME and the
 * locale it runs in), plus the capsule's own {@code [env]} values as the runtime resolved them (stored,
 * granted or default; issue 17). Nothing else of the host leaks in: a declared name is never looked up
 * in the host's environment.
 */
final class ServerEnvironment {
  static final List<String> BASE = List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR");

  private ServerEnvironment() {}

  /**
   * Header values with {@code ${NAME}} replaced by the variable's value (the manifest's validation
   * made sure each name is declared).
   *
   * @throws IllegalArgumentException when a value has no value or would carry a line break
   */
  static Map<String, String> headers(Map<String, String> written, Map<String, String> environment) {
    Map<String, String> headers = new LinkedHashMap<>();
    written.forEach((name, value) -> {
      String resolved = REFERENCE.matcher(value).replaceAll(m -> {
        String variable = environment.get(m.group(1));
        if (variable == null) {
          throw new IllegalArgumentException("header [" + name + "] needs ${" + m.group(1) + "}, which has no value");
        }
        return java.util.regex.Matcher.quoteReplacement(variable);
      });
      if (resolved.indexOf('\r') >= 0 || resolved.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("header [" + name + "] would carry a line break");
      }
      headers.put(name, resolved);
    });
    return headers;
  }

  private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("\\$\\{([^}]*)}");

  static Map<String, String> of(Map<String, String> capsuleValues, Map<String, String> host) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : BASE) {
      String value = host.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putAll(capsuleValues);
    return env;
  }
}
