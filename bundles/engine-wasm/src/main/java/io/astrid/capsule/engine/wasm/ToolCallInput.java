package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The input of {@code astrid_tool_call}: {@code {"name", "arguments"}}. By default {@code arguments}
 * is what the upstream runtime (unicity-astrid/astrid at e4e34713, engine/wasm/tool.rs) passes: the
 * arguments serialised as JSON, that text's bytes as a JSON array of numbers ({@code [123,125]} for
 * {@code {}}), object keys sorted as serde_json sorts them — the form upstream's SDK reads into its
 * {@code Vec<u8>} (issue 18). A guest that exports {@value #OBJECT_ARGUMENTS_EXPORT} declares it
 * reads the arguments object itself instead ({@code {"name": "x", "arguments": {"q": "otters"}}}).
 */
final class ToolCallInput {
  /** The export (any signature; it is never called for this) by which a guest asks for the arguments as an object. */
  static final String OBJECT_ARGUMENTS_EXPORT = "astrid_abi_object_arguments";

  private static final ObjectMapper JSON = AstridHost.JSON;
  private static final ObjectWriter SORTED = JSON.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final boolean objectArguments;

  /** @param exports the names the module exports */
  ToolCallInput(Map<String, ?> exports) {
    this.objectArguments = exports.containsKey(OBJECT_ARGUMENTS_EXPORT);
  }

  /** The input for a call of tool {@code name} with {@code arguments}, in this guest's form. */
  byte[] of(String name, Map<String, Object> arguments) throws JsonProcessingException {
    ObjectNode request = JSON.createObjectNode().put("name", name);
    if (objectArguments) {
      request.set("arguments", JSON.valueToTree(arguments));
    } else {
      ArrayNode bytes = request.putArray("arguments");
      for (byte b : SORTED.writeValueAsBytes(arguments)) {
        bytes.add(b & 0xff);
      }
    }
    return JSON.writeValueAsBytes(request);
  }
}
