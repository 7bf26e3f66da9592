package io.astrid.capsule.core.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.astrid.capsule.api.tool.CapsuleTool;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Validates tool arguments against the tool's input schema (JSON Schema draft 2020-12, with
 * networknt's validator). Each tool's schema is compiled once; the cache holds tools weakly, so
 * an unloaded capsule's tools are not kept alive by it.
 */
final class ArgumentSchemas {
  private final ObjectMapper json = new ObjectMapper();
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Map<CapsuleTool, Schema> compiled = Collections.synchronizedMap(new WeakHashMap<>());

  /** What is wrong with {@code arguments}, one phrase per problem joined by "; ", or empty. */
  Optional<String> problems(CapsuleTool tool, Map<String, Object> arguments) {
    Schema schema = compiled.computeIfAbsent(tool, t -> registry.getSchema(json.valueToTree(t.inputSchema())));
    JsonNode node;
    try {
      node = json.valueToTree(arguments);
    } catch (IllegalArgumentException e) {
      return Optional.of("arguments are not JSON values: " + e.getMessage());
    }
    List<Error> errors = schema.validate(node);
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join("; ", errors.stream().map(ArgumentSchemas::describe).toList()));
  }

  private static String describe(Error error) {
    String location = error.getInstanceLocation().toString();
    return (location.isEmpty() ? "" : location + " ") + error.getMessage();
  }
}
