package io.astrid.capsule.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.internal.text.CapsulePage;
import io.astrid.capsule.internal.text.ContentText;
import io.astrid.capsule.internal.text.TextTable;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the {@code capsule:*} commands do, written once for both shells: Karaf's actions and the Gogo functions
 * of the embedded launcher ({@link GogoCommands}) only parse their arguments and call these. Each prints to the
 * session ({@link Console}) as the command line prints, and throws with the CLI's message on bad input.
 */
final class ShellCommands {
  /** As long as the command line waits for a capsule to load (MCP servers started through npx take seconds). */
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** How many audit lines {@code capsule:audit} prints without {@code -n}. */
  static final int AUDIT_LINES = 20;

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private ShellCommands() {}

  /** {@code capsule:list}: the command line's status table. */
  static void list(CapsuleRegistry registry) {
    Console.print(out -> TextTable.capsules(out, registry));
  }

  /** {@code capsule:inspect ID}: one capsule's page, the command line's ({@link CapsulePage}, one renderer). */
  static void inspect(CapsuleRegistry registry, String id) {
    Capsule capsule = registry.capsule(id).orElseThrow(() -> new IllegalArgumentException("no capsule [" + id
        + "]: docked are " + registry.capsules().stream().map(Capsule::id).toList()));
    Console.print(out -> CapsulePage.print(out, capsule, ShellCommands::json));
  }

  /** {@code capsule:tools}: every tool of every READY capsule, as {@code capsule tools} prints them. */
  static void tools(CapsuleRegistry registry) {
    List<RegisteredTool> tools = registry.tools();
    StringBuilder text = new StringBuilder();
    for (RegisteredTool tool : tools) {
      text.append(tool.qualifiedName()).append("  ").append(UntrustedText.escape(tool.tool().description()))
          .append('\n');
      text.append("  ").append(json(tool.tool().inputSchema())).append('\n');
    }
    Console.print(out -> out.print(text));
    if (tools.isEmpty()) {
      Console.error(err -> err.println("no tools: no READY capsule offers one"));
    }
  }

  /**
   * {@code capsule:call TOOL JSON}: one tool call through the pipeline (schema, interceptors, timeout). Results are
   * printed escaped: a shell session is a terminal (the command line writes unescaped only into files and pipes).
   * A failed call's text is returned, for each shell to report its way ({@link CallCommand}, {@link GogoCommands}).
   *
   * @return the tool's error text when it failed; empty when it succeeded and its result was printed
   */
  static Optional<String> call(CapsuleRegistry registry, String tool, String arguments) {
    Map<String, Object> parsed;
    try {
      parsed = Json.MAPPER.readValue(arguments, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON arguments [" + arguments + "] are not a JSON object: "
          + e.getOriginalMessage(), e);
    }
    ToolResult result = registry.call(tool, parsed);
    List<String> text = result.content().stream()
        .map(item -> UntrustedText.escapeKeepingLines(ContentText.render(item))).toList();
    if (result.isError()) {
      return Optional.of(String.join("\n", text));
    }
    Console.print(out -> text.forEach(out::println));
    return Optional.empty();
  }

  /**
   * {@code capsule:reload ID}: reads the capsule's manifest again and swaps it in atomically (the registry's
   * replace: the new one loads beside the old, which keeps serving if the new one fails).
   */
  static void reload(CapsuleRegistry registry, ManifestReader reader, String id) {
    Capsule old = registry.capsule(id).orElseThrow(() -> new IllegalArgumentException("no capsule [" + id + "]"));
    CapsuleManifest manifest = reader.read(old.directory().resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Capsule reloaded = registry.replace(manifest, old.directory(), TIMEOUT);
    Console.print(out -> out.println("capsule " + reloaded.id() + " " + reloaded.manifest().version() + ": "
        + reloaded.status()));
  }

  /**
   * {@code capsule:invoke CAPSULE EXPORT [INPUT]}: one export of a capsule's WebAssembly plugin, called as a plain
   * Extism plugin is, through the pipeline like a tool call; the output printed as the command line prints it on
   * a terminal: control characters escaped, ending with a line feed.
   */
  static void invoke(CapsuleRegistry registry, String capsule, String export, String input) {
    byte[] output = registry.invoke(capsule, export, input.getBytes(StandardCharsets.UTF_8));
    String text = UntrustedText.escapeKeepingLines(new String(output, StandardCharsets.UTF_8));
    Console.print(out -> out.print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n"));
  }

  /** {@code capsule:dock ROOT...}: docks the capsules of some roots, waits until each settled, prints the table. */
  static void dock(CapsuleDiscovery discovery, CapsuleRegistry registry, List<String> roots) {
    Docking.Docked docked = Docking.dock(discovery, registry, Docking.roots(String.join(",", roots)));
    docked.installed().forEach(id -> registry.awaitSettled(id, TIMEOUT));
    Console.error(err -> docked.problems().forEach(err::println));
    Console.print(out -> TextTable.capsules(out, registry));
  }

  /** {@code capsule:serve}: starts the MCP gateway's HTTP endpoint and prints its URL as the command line does. */
  static void serve(McpGateway gateway) {
    URI url = gateway.serveHttp();
    Console.print(out -> out.println("mcp: serving at " + url));
  }

  /**
   * {@code capsule:audit [-n N]}: the last N lines of the security gate's audit log ({@code audit.jsonl} in its
   * state directory: the gate's {@code state.directory}, else the property {@code astrid.state.dir}).
   */
  static void audit(ConfigurationAdmin configurations, int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("-n < 1: " + lines);
    }
    Path log = stateDirectory(configurations).resolve("audit.jsonl");
    // Only the last N lines are kept while reading: the log may hold up to its rollover size.
    Deque<String> last = new ArrayDeque<>(lines);
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (last.size() == lines) {
          last.removeFirst();
        }
        last.addLast(line);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("audit log [" + log + "] absent: nothing was audited yet", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading audit log [" + log + "] failed: " + e.getMessage(), e);
    }
    Console.print(out -> last.forEach(line -> out.println(UntrustedText.escape(line))));
  }

  private static Path stateDirectory(ConfigurationAdmin configurations) {
    Configuration gate;
    try {
      gate = configurations.getConfiguration(CapsuleSecurityGate.PID, null);
    } catch (IOException e) {
      throw new UncheckedIOException("reading configuration [" + CapsuleSecurityGate.PID + "] failed: "
          + e.getMessage(), e);
    }
    Object configured = gate.getProperties() == null ? null
        : gate.getProperties().get(CapsuleSecurityGate.STATE_DIRECTORY);
    return StateDirectory.resolve(configured == null ? null : configured.toString(),
        System.getProperty(StateDirectory.PROPERTY));
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tool input schema [" + value + "] cannot be written as JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}
