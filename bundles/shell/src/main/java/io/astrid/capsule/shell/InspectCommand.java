package io.astrid.capsule.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.internal.text.UntrustedText;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code capsule:inspect ID}: one capsule's state, engines and tools, in the command line's layout. */
@Service
@Command(scope = "capsule", name = "inspect", description = "Shows one capsule: directory, state, engines, tools.")
public final class InspectCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Argument(index = 0, name = "ID", description = "the capsule's name", required = true)
  @Completion(CapsuleIdCompleter.class)
  private String id;

  @Override
  public Object execute() throws JsonProcessingException {
    Capsule capsule = registry.capsule(id).orElseThrow(() -> new IllegalArgumentException("no capsule [" + id
        + "]: docked are " + registry.capsules().stream().map(Capsule::id).toList()));
    StringBuilder text = new StringBuilder();
    text.append("capsule:   ").append(capsule.id()).append(' ').append(capsule.manifest().version()).append('\n');
    text.append("directory: ").append(capsule.directory()).append('\n');
    text.append("state:     ").append(capsule.status()).append('\n');
    text.append("engines:   ").append(String.join(", ", capsule.engineNames().isEmpty() ? capsule.engineKinds()
        : capsule.engineNames())).append('\n');
    text.append("tools:\n");
    for (CapsuleTool tool : capsule.contributions().tools()) {
      text.append("  ").append(tool.name()).append(": ").append(UntrustedText.escape(tool.description()))
          .append('\n');
      text.append("    input schema: ").append(Json.MAPPER.writeValueAsString(tool.inputSchema())).append('\n');
    }
    Console.print(out -> out.print(text));
    return null;
  }
}
