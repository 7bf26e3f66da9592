package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Engines and tools whose behaviour a test chooses, writing what happens to a journal. */
final class TestEngines {
  private TestEngines() {}

  /** What the engines did, in order: {@code load static}, {@code unload mcp:b}. */
  static final class Journal {
    private final List<String> entries = Collections.synchronizedList(new ArrayList<>());

    void add(String entry) {
      entries.add(entry);
    }

    List<String> entries() {
      synchronized (entries) {
        return List.copyOf(entries);
      }
    }

    void clear() {
      entries.clear();
    }
  }

  /** A factory of {@code kind} making one engine per name, failing the load of those in {@code failing}. */
  static EngineFactory factory(String kind, Journal journal, List<String> names, Set<String> failing,
      Function<String, List<CapsuleTool>> tools) {
    return new EngineFactory() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
        return names.stream()
            .map(name -> (ExecutionEngine) new RecordingEngine(kind, name, journal, failing.contains(name),
                tools.apply(name)))
            .toList();
      }
    };
  }

  static EngineFactory factory(String kind, Journal journal) {
    return factory(kind, journal, List.of(kind), Set.of(), name -> List.of());
  }

  static class RecordingEngine implements ExecutionEngine {
    private final String kind;
    private final String name;
    private final Journal journal;
    private final boolean fails;
    private final List<CapsuleTool> tools;
    private volatile boolean loaded;

    RecordingEngine(String kind, String name, Journal journal, boolean fails, List<CapsuleTool> tools) {
      this.kind = kind;
      this.name = name;
      this.journal = journal;
      this.fails = fails;
      this.tools = tools;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void load(EngineContext context) {
      journal.add("load " + name);
      if (fails) {
        throw new IllegalStateException("boom in " + name);
      }
      loaded = true;
    }

    @Override
    public EngineContributions contributions() {
      return loaded ? EngineContributions.ofTools(tools) : EngineContributions.NONE;
    }

    @Override
    public void unload() {
      journal.add("unload " + name);
      loaded = false;
    }
  }

  /** A tool that answers with a function of its arguments. */
  static CapsuleTool tool(String name, Map<String, Object> schema, Function<Map<String, Object>, ToolResult> body) {
    return new CapsuleTool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "test tool " + name;
      }

      @Override
      public Map<String, Object> inputSchema() {
        return schema;
      }

      @Override
      public ToolResult call(Map<String, Object> arguments) {
        return body.apply(arguments);
      }
    };
  }

  /** {@code {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}}. */
  static final Map<String, Object> TEXT_SCHEMA = Map.of("type", "object",
      "properties", Map.of("text", Map.of("type", "string")), "required", List.of("text"));

  static CapsuleTool echo(String name) {
    return tool(name, TEXT_SCHEMA, args -> ToolResult.text(String.valueOf(args.get("text"))));
  }
}
