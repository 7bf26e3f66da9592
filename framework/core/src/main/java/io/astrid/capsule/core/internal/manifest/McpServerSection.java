package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.manifest.McpTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.TomlTable;

/** Reads and checks {@code [[mcp_server]]}: each transport with the keys it needs, and only those. */
final class McpServerSection {
  private static final EntryList SERVERS = new EntryList("mcp_server",
      Set.of("id", "description", "type", "command", "args", "url", "headers"), EntryList.uniqueIdentifier("id"));

  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

  private McpServerSection() {}

  /**
   * Reads the servers; {@code declaredEnv} holds every name under {@code [env]}, valid or not, so
   * that a header's reference to a broken variable is not reported a second time.
   */
  static List<McpServer> read(ManifestContext manifest, TomlTable root, Set<String> declaredEnv,
      Capabilities capabilities) {
    return SERVERS.read(manifest, root, t -> {
      Optional<McpTransport> type = transport(t);
      Optional<String> command = t.string("command");
      List<String> args = t.strings("args");
      Optional<String> url = t.string("url");
      Map<String, String> headers = t.stringMap("headers");
      Optional<String> description = t.string("description");
      if (type.isEmpty()) {
        return Optional.empty();
      }
      boolean ok = switch (type.get()) {
        case STDIO -> stdio(t, command, capabilities);
        case HTTP -> http(t, url, headers, declaredEnv);
      };
      return t.string("id").filter(id -> ok)
          .map(id -> new McpServer(id, description, type.get(), command, args, url, headers));
    });
  }

  private static Optional<McpTransport> transport(TableReader t) {
    if (!t.has("type")) {
      return Optional.of(McpTransport.STDIO);
    }
    return t.string("type").flatMap(written -> {
      Optional<McpTransport> type = McpTransport.fromManifestName(written);
      if (type.isEmpty()) {
        t.error("type", "type \"" + written + "\" is unknown, expected stdio or http");
      }
      return type;
    });
  }

  private static boolean stdio(TableReader t, Optional<String> command, Capabilities capabilities) {
    boolean ok = onlyFor(t, "url", "http") & onlyFor(t, "headers", "http");
    if (command.isEmpty()) {
      if (!t.has("command")) {
        t.missing("command", "a string (the program to start) for type \"stdio\"");
      }
      return false;
    }
    if (command.get().isBlank()) {
      t.error("command", "command is empty, expected the program to start");
      return false;
    }
    if (!capabilities.hostProcess().contains(command.get())) {
      t.warning("command", "command \"" + command.get() + "\" is not declared in [capabilities] host_process,"
          + " so the server will not be started");
    }
    return ok;
  }

  private static boolean http(TableReader t, Optional<String> url, Map<String, String> headers,
      Set<String> declaredEnv) {
    boolean ok = onlyFor(t, "command", "stdio") & onlyFor(t, "args", "stdio");
    if (url.isEmpty()) {
      if (!t.has("url")) {
        t.missing("url", "a string (the server's http or https endpoint) for type \"http\"");
      }
      return false;
    }
    ok &= validUrl(t, url.get());
    for (Map.Entry<String, String> header : headers.entrySet()) {
      ok &= validHeader(t, header.getKey(), header.getValue(), declaredEnv);
    }
    return ok;
  }

  private static boolean onlyFor(TableReader t, String key, String type) {
    if (t.has(key)) {
      t.error(key, key + " is only valid for type \"" + type + "\"");
      return false;
    }
    return true;
  }

  private static boolean validUrl(TableReader t, String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme != null && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return true;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    t.error("url", "url \"" + url + "\" is not a URL, expected an absolute http or https URL");
    return false;
  }

  private static boolean validHeader(TableReader t, String name, String value, Set<String> declaredEnv) {
    if (!NameRules.HEADER_NAME.matcher(name).matches()) {
      t.error("headers", "header name \"" + name + "\" is invalid, expected an HTTP token");
      return false;
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      t.error("headers", "header \"" + name + "\" contains a line break");
      return false;
    }
    if (ENV_REFERENCE.matcher(value).replaceAll("").contains("${")) {
      t.error("headers", "header \"" + name + "\" has a \"${\" without its closing \"}\"");
      return false;
    }
    Matcher reference = ENV_REFERENCE.matcher(value);
    while (reference.find()) {
      if (!declaredEnv.contains(reference.group(1))) {
        t.error("headers", "header \"" + name + "\" references ${" + reference.group(1)
            + "}, which is not declared in [env]");
        return false;
      }
    }
    return true;
  }
}
