package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.astrid.capsule.distribution.CapsuleCli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code --json} shapes of docs/cli.md, held to their JSON Schemas in docs/schemas/. */
final class CliSchemas {
  private static final Path DOCS = Path.of(System.getProperty("capsule.docs"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private CliSchemas() {}

  /** The schema of {@code command}'s {@code --json} output; docs/cli.md must point to it. */
  static Schema schema(String command) throws IOException {
    String docs = Files.readString(DOCS.resolve("cli.md"));
    assertTrue(docs.contains("(schemas/" + command + ".schema.json)"), "docs/cli.md points to the " + command
        + " schema");
    return SCHEMAS.getSchema(JSON.readTree(DOCS.resolve("schemas/" + command + ".schema.json").toFile()));
  }

  /** Asserts that {@code run} exited {@code exit} and printed one document its command's schema accepts. */
  static void assertMatches(String command, Run run, int exit) throws IOException {
    assertEquals(exit, run.exit(), command + ": " + run.err());
    JsonNode document = JSON.readTree(String.join("\n", run.out()));
    List<Error> errors = schema(command).validate(document);
    assertEquals(List.of(), errors.stream().map(Error::toString).toList(), command + ": " + document);
  }
}
