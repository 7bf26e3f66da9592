package io.astrid.capsule.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.internal.text.UntrustedText;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:tools}: every tool of every READY capsule, as {@code capsule tools} prints them. */
@Service
@Command(scope = "capsule", name = "tools", description = "Lists every tool: qualified name, description, schema.")
public final class ToolsCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Override
  public Object execute() throws JsonProcessingException {
    List<RegisteredTool> tools = registry.tools();
    StringBuilder text = new StringBuilder();
    for (RegisteredTool tool : tools) {
      text.append(tool.qualifiedName()).append("  ").append(UntrustedText.escape(tool.tool().description()))
          .append('\n');
      text.append("  ").append(Json.MAPPER.writeValueAsString(tool.tool().inputSchema())).append('\n');
    }
    Console.print(out -> out.print(text));
    if (tools.isEmpty()) {
      Console.error(err -> err.println("no tools: no READY capsule offers one"));
    }
    return null;
  }
}
