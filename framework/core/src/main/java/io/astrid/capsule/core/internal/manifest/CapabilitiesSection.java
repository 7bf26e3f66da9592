package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Capabilities;
import java.util.List;
import java.util.Set;
import org.tomlj.TomlTable;

/** Reads and checks {@code [capabilities]}. */
final class CapabilitiesSection {
  static final Set<String> KEYS = Set.of("net", "kv", "fs_read", "fs_write", "host_process", "intercept", "jvm");

  private CapabilitiesSection() {}

  static Capabilities read(ManifestContext manifest, TomlTable root) {
    return Sections.table(manifest, root, "capabilities").map(t -> {
      t.warnUnknownKeys(KEYS);
      List<String> net = t.strings("net");
      net.stream().filter(host -> !NameRules.NET_HOST.matcher(host).matches()).forEach(host ->
          t.error("net", "net \"" + host + "\" is not a host, expected a host name such as \"api.github.com\","
              + " an IP address, or \"*\""));
      List<String> kv = nonBlank(t, "kv");
      kv.stream().filter(namespace -> !namespace.isBlank() && !NameRules.KV_NAMESPACE.matcher(namespace).matches())
          .forEach(namespace -> t.error("kv", "kv \"" + namespace + "\" is not a namespace, expected names"
              + " separated by single slashes such as \"cache\" or \"cache/users\", or \"*\""));
      List<String> intercept = t.strings("intercept");
      intercept.stream().filter(capsule -> !capsule.equals("*") && !NameRules.CAPSULE_NAME.matcher(capsule).matches())
          .forEach(capsule -> t.error("intercept", "intercept \"" + capsule + "\" is not a capsule name, expected"
              + " the [package] name of a capsule such as \"github-agent\", or \"*\""));
      return new Capabilities(net, kv, nonBlank(t, "fs_read"), nonBlank(t, "fs_write"),
          nonBlank(t, "host_process"), intercept, t.bool("jvm").orElse(false));
    }).orElse(Capabilities.NONE);
  }

  private static List<String> nonBlank(TableReader t, String key) {
    List<String> values = t.strings(key);
    if (values.stream().anyMatch(String::isBlank)) {
      t.error(key, key + " has an empty entry");
    }
    return values;
  }
}
