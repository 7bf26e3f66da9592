package io.astrid.capsule.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.internal.text.ContentText;
import io.astrid.capsule.internal.text.UntrustedText;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** {@code capsule call TOOL JSON}: one tool call through the whole pipeline. */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and calls one tool through the pipeline (schema, interceptors, timeout).",
        "Prints the result's content items; exits 1 when the result is an error.",
        "On a terminal, control characters other than line feeds and tabs are shown escaped (\\u001b); into a"
            + " file or a pipe the result is written as the tool returned it."})
final class CallCommand extends DockingCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "TOOL", description = "the qualified name, capsule:ID:TOOL")
  private String tool;

  @Parameters(index = "1", paramLabel = "JSON", defaultValue = "{}", description = "the arguments, a JSON object")
  private String arguments;

  @Override
  public Integer call() {
    Map<String, Object> parsed = parseArguments();
    DockedCapsules.Docked docked = dock();
    ToolResult result = docked.registry().call(tool, parsed);
    // An error goes to standard error, which people read: always escaped. A result is shown as forOutput says.
    if (result.isError()) {
      result.content().forEach(item -> err().println(UntrustedText.escapeKeepingLines(ContentText.render(item))));
    } else {
      result.content().forEach(item -> out().println(forOutput(ContentText.render(item))));
    }
    return result.isError() ? 1 : 0;
  }

  private Map<String, Object> parseArguments() {
    try {
      Object value = JSON.readValue(arguments, Object.class);
      if (!(value instanceof Map)) {
        throw new ParameterException(spec().commandLine(),
            "JSON arguments must be an object, such as {\"text\": \"hi\"}");
      }
      return JSON.convertValue(value, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new ParameterException(spec().commandLine(), "JSON arguments are not valid JSON: "
          + e.getOriginalMessage());
    }
  }
}
