package io.astrid.capsule.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.astrid.capsule.api.tool.AudioContent;
import io.astrid.capsule.api.tool.Content;
import io.astrid.capsule.api.tool.ImageContent;
import io.astrid.capsule.api.tool.ResourceContent;
import io.astrid.capsule.api.tool.TextContent;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.internal.text.ContentText;
import io.astrid.capsule.internal.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** {@code capsule call TOOL JSON}: one tool call through the whole pipeline. */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and calls one tool through the pipeline (schema, interceptors, timeout).",
        "Prints the result's content items. Exits " + ExitCodes.FAILED + " when the result is an error (the tool"
            + " failed, its arguments do not match its schema, or its capsule is not READY, and then why), "
            + ExitCodes.PROBLEMS + " when no capsule offers the tool.",
        "On a terminal, control characters other than line feeds and tabs are shown escaped (\\u001b); into a"
            + " file or a pipe the result is written as the tool returned it."})
final class CallCommand extends DockingCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "TOOL", description = "the qualified name, capsule:ID:TOOL")
  private String tool;

  @Parameters(index = "1", paramLabel = "JSON", defaultValue = "{}", description = "the arguments, a JSON object;"
      + " - for standard input (at most 16 MiB)")
  private String arguments;

  @Mixin
  private JsonOutput json;

  @Mixin
  private StandaloneOption standalone;

  @Override
  public Integer call() {
    Map<String, Object> parsed = parseArguments();
    DockedCapsules.Docked docked = dock();
    ToolResult result = docked.registry().call(tool, parsed);
    if (json.enabled()) {
      JsonOutput.print(out(), document(result));
    } else if (result.isError()) {
      // An error goes to standard error, which people read: always escaped. A result is shown as forOutput says.
      result.content().forEach(item -> err().println(UntrustedText.escapeKeepingLines(ContentText.render(item))));
    } else {
      result.content().forEach(item -> out().println(forOutput(ContentText.render(item))));
    }
    if (!result.isError()) {
      return ExitCodes.OK;
    }
    // The tool, or its capsule, is there and failed; or nothing by that name is installed.
    return installed(docked) ? ExitCodes.FAILED : ExitCodes.PROBLEMS;
  }

  /** Whether a tool of that name is offered, or its capsule is installed but not READY (then it says why). */
  private boolean installed(DockedCapsules.Docked docked) {
    String[] parts = tool.split(":", 3);
    return docked.registry().tools().stream().anyMatch(t -> t.qualifiedName().equals(tool))
        || parts.length == 3 && docked.notReady().stream().anyMatch(c -> c.id().equals(parts[1]));
  }

  /** The {@code --json} document, as MCP writes a tool result: docs/schemas/call.schema.json. */
  private static Map<String, Object> document(ToolResult result) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("isError", result.isError());
    document.put("content", result.content().stream().map(CallCommand::item).toList());
    return document;
  }

  private static Map<String, Object> item(Content content) {
    Map<String, Object> item = new LinkedHashMap<>();
    return switch (content) {
      case TextContent text -> {
        item.put("type", "text");
        item.put("text", text.text());
        yield item;
      }
      case ImageContent image -> {
        item.put("type", "image");
        item.put("mimeType", image.mimeType());
        item.put("data", image.data());
        yield item;
      }
      case AudioContent audio -> {
        item.put("type", "audio");
        item.put("mimeType", audio.mimeType());
        item.put("data", audio.data());
        yield item;
      }
      case ResourceContent resource -> {
        item.put("type", "resource");
        item.put("uri", resource.uri());
        resource.text().ifPresent(t -> item.put("text", t));
        yield item;
      }
    };
  }

  private Map<String, Object> parseArguments() {
    try {
      String text = "-".equals(arguments) ? new String(standardInput(), StandardCharsets.UTF_8) : arguments;
      Object value = JsonOutput.MAPPER.readValue(text, Object.class);
      if (!(value instanceof Map)) {
        throw new ParameterException(spec().commandLine(),
            "JSON arguments must be an object, such as {\"text\": \"hi\"}");
      }
      return JsonOutput.MAPPER.convertValue(value, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new ParameterException(spec().commandLine(), "JSON arguments are not valid JSON: "
          + e.getOriginalMessage());
    }
  }
}
