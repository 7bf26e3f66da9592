package io.astrid.examples.textdiff;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.jvm.CapsuleHost;
import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two tools an agent uses to show or check a change: {@code diff_text} of two texts it has, and
 * {@code diff_files} of two workspace files, read through the host (and so through the gate).
 */
public final class DiffTools implements CapsuleToolProvider {
  /** The most bytes of a workspace file diffed. */
  private static final int MAX_FILE_BYTES = 1024 * 1024;

  @Override
  public List<CapsuleTool> tools(CapsuleHost host) {
    return List.of(
        tool("diff_text", "Unified diff of two texts, line by line (at most 2,000 lines each); empty when equal",
            List.of(Map.entry("before", "the original text"), Map.entry("after", "the changed text")), arguments ->
                UnifiedDiff.of("before", text(arguments, "before"), "after", text(arguments, "after"),
                    context(arguments))),
        tool("diff_files", "Unified diff of two files of the workspace (at most 2,000 lines each); empty when equal",
            List.of(Map.entry("before", "path of the original file"),
                Map.entry("after", "path of the changed file")), arguments -> {
              String before = text(arguments, "before");
              String after = text(arguments, "after");
              return UnifiedDiff.of(before, read(host, before), after, read(host, after), context(arguments));
            }));
  }

  private static String read(CapsuleHost host, String path) {
    return new String(host.readFile(path, MAX_FILE_BYTES), StandardCharsets.UTF_8);
  }

  private static String text(Map<String, Object> arguments, String name) {
    return (String) arguments.get(name);
  }

  private static int context(Map<String, Object> arguments) {
    return arguments.get("context") instanceof Number n ? Math.clamp(n.longValue(), 0, 100) : 3;
  }

  private interface Body {
    String run(Map<String, Object> arguments);
  }

  private static CapsuleTool tool(String name, String description, List<Map.Entry<String, String>> textArguments,
      Body body) {
    Map<String, Object> properties = new LinkedHashMap<>();
    textArguments.forEach(a -> properties.put(a.getKey(), Map.of("type", "string", "description", a.getValue())));
    properties.put("context", Map.of("type", "integer", "minimum", 0, "maximum", 100,
        "description", "unchanged lines shown around each change (default 3)"));
    Map<String, Object> schema = Map.of("type", "object", "properties", properties,
        "required", textArguments.stream().map(Map.Entry::getKey).toList(), "additionalProperties", false);
    return new CapsuleTool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public Map<String, Object> inputSchema() {
        return schema;
      }

      @Override
      public ToolResult call(Map<String, Object> arguments) {
        try {
          return ToolResult.text(body.run(arguments));
        } catch (IllegalArgumentException | CapsuleException e) {
          return ToolResult.error(e.getMessage());
        }
      }
    };
  }
}
