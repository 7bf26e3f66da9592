package io.astrid.capsule.launcher;

import io.astrid.capsule.api.host.EnvEntry;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvVar;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.manifest.McpTransport;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a capsule asks for, as shown before consent at install (issue 17): its capabilities, the host
 * processes it starts, JVM code it carries, its MCP servers with their commands, and its {@code [env]}
 * values with where each will come from. Every text from the manifest is escaped for the terminal.
 */
final class CapsuleDescription {
  private CapsuleDescription() {}

  /**
   * @param stored the values stored for the capsule
   * @param kept the variables that will not be asked for: stored, or a default the installed version had
   */
  static List<String> of(CapsuleManifest manifest, Path directory, List<EnvEntry> stored, Set<String> kept) {
    List<String> lines = new ArrayList<>();
    lines.add("capsule " + manifest.name() + " " + manifest.version()
        + manifest.packageMetadata().description().map(d -> ": " + UntrustedText.escape(d)).orElse(""));
    Capabilities capabilities = manifest.capabilities();
    lines.add(capabilities.isEmpty() ? "  capabilities: none" : "  capabilities:");
    list(lines, "network hosts", capabilities.net());
    list(lines, "key-value namespaces", capabilities.kv());
    list(lines, "reads in the workspace", capabilities.fsRead());
    list(lines, "writes in the workspace", capabilities.fsWrite());
    list(lines, "host processes", capabilities.hostProcess());
    list(lines, "sees the tool calls of", capabilities.intercept());
    List<String> jars = jars(directory.resolve("lib"));
    if (!jars.isEmpty()) {
      lines.add("  JVM code, run with the runtime's trust: " + String.join(", ", jars));
    }
    for (McpServer server : manifest.mcpServers()) {
      lines.add("  MCP server " + UntrustedText.escape(server.id()) + ": " + (server.type() == McpTransport.STDIO
          ? "runs " + UntrustedText.escape(String.join(" ", command(server)))
          : "connects to " + UntrustedText.escape(server.url().orElseThrow())));
    }
    Map<String, EnvEntry> byName = stored.stream().collect(Collectors.toMap(EnvEntry::name, Function.identity()));
    for (EnvVar variable : manifest.env().values()) {
      lines.add("  env " + variable.name() + " (" + variable.type().manifestName() + "): "
          + source(variable, byName.get(variable.name()), kept.contains(variable.name())));
    }
    return lines;
  }

  private static List<String> command(McpServer server) {
    List<String> words = new ArrayList<>();
    words.add(server.command().orElseThrow());
    words.addAll(server.args());
    return words;
  }

  private static String source(EnvVar variable, EnvEntry stored, boolean kept) {
    if (stored == null && kept && variable.defaultValue().isPresent()) {
      return "the default, kept";
    }
    if (stored == null) {
      return variable.defaultValue().isPresent() ? "asked, default offered" : "asked, required";
    }
    return switch (stored.source()) {
      case HOST -> "from the host variable " + stored.shown() + " (granted)";
      case SECRET, VALUE -> "stored, kept";
    };
  }

  private static void list(List<String> lines, String what, List<String> values) {
    if (!values.isEmpty()) {
      lines.add("    " + what + ": " + UntrustedText.escape(String.join(", ", values)));
    }
  }

  private static List<String> jars(Path lib) {
    if (!Files.isDirectory(lib)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(lib)) {
      return files.map(f -> "lib/" + f.getFileName()).filter(n -> n.endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("[" + lib + "] cannot be listed: " + e.getMessage(), e);
    }
  }
}
