package io.astrid.capsule.core.internal.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a tool's {@code input_schema} is a valid JSON Schema (draft 2020-12) describing an
 * object, as MCP requires of a tool's input schema. The meta-schema is loaded once from the
 * validator's bundled copy (never from the network) and is thread-safe to share.
 */
final class ToolSchemas {
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  private final ObjectMapper json = new ObjectMapper();
  private final Schema metaSchema;

  ToolSchemas() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    this.metaSchema = registry.getSchema(SchemaLocation.of(META_SCHEMA));
  }

  /** The problems with {@code schema}, each a phrase; empty when it is acceptable. */
  List<String> problems(Map<String, Object> schema) {
    Optional<String> date = firstDateOrTime(schema, "");
    if (date.isPresent()) {
      return List.of(date.get());
    }
    JsonNode node = json.valueToTree(schema);
    List<Error> errors = metaSchema.validate(node);
    if (!errors.isEmpty()) {
      // The meta-schema's anyOf branches each report the same place; the first says it best.
      Map<String, String> firstByLocation = new LinkedHashMap<>();
      for (Error e : errors) {
        String location = e.getInstanceLocation().toString();
        firstByLocation.putIfAbsent(location, "is not a valid JSON Schema: " + (location.isEmpty() ? "" : location
            + " ") + e.getMessage());
      }
      return List.copyOf(firstByLocation.values());
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual() || !type.asText().equals("object")) {
      return List.of("must have type \"object\", found " + (type == null ? "no type" : type.toString()));
    }
    return List.of();
  }

  /** TOML has dates and times, JSON does not: name the first one by its JSON Pointer. */
  private static Optional<String> firstDateOrTime(Object value, String path) {
    return switch (value) {
      case Map<?, ?> map -> map.entrySet().stream()
          .map(e -> firstDateOrTime(e.getValue(), path + "/" + e.getKey()))
          .flatMap(Optional::stream)
          .findFirst();
      case List<?> list -> java.util.stream.IntStream.range(0, list.size())
          .mapToObj(i -> firstDateOrTime(list.get(i), path + "/" + i))
          .flatMap(Optional::stream)
          .findFirst();
      case java.time.temporal.TemporalAccessor t -> Optional.of(path + " is a TOML "
          + TomlValues.typeName(t) + ", which JSON cannot express; write it as a string");
      default -> Optional.empty();
    };
  }
}
