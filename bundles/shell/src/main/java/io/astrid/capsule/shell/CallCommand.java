package io.astrid.capsule.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.internal.text.ContentText;
import io.astrid.capsule.internal.text.UntrustedText;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code capsule:call TOOL JSON}: one tool call through the pipeline (schema, interceptors, timeout). Results are
 * printed escaped: a shell session is a terminal (the command line writes unescaped only into files and pipes).
 */
@Service
@Command(scope = "capsule", name = "call", description = "Calls one tool through the pipeline and prints its result.")
public final class CallCommand implements Action {
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  @Reference
  private CapsuleRegistry registry;

  @Argument(index = 0, name = "TOOL", description = "the qualified name, capsule:ID:TOOL", required = true)
  @Completion(ToolNameCompleter.class)
  private String tool;

  @Argument(index = 1, name = "JSON", description = "the arguments, a JSON object (default {})")
  private String arguments = "{}";

  @Override
  public Object execute() {
    Map<String, Object> parsed;
    try {
      parsed = Json.MAPPER.readValue(arguments, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON arguments [" + arguments + "] are not a JSON object: "
          + e.getOriginalMessage(), e);
    }
    ToolResult result = registry.call(tool, parsed);
    if (result.isError()) {
      Console.error(err -> result.content().forEach(item -> err.println(UntrustedText.escapeKeepingLines(
          ContentText.render(item)))));
    } else {
      Console.print(out -> result.content().forEach(item -> out.println(UntrustedText.escapeKeepingLines(
          ContentText.render(item)))));
    }
    return null;
  }
}
