package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.internal.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code capsule:invoke CAPSULE EXPORT [INPUT]}: one export of a capsule's WebAssembly plugin, called as a plain
 * Extism plugin is (the input as UTF-8 text in, the output out), through the pipeline like a tool call. The output
 * is printed as the command line prints it on a terminal: control characters escaped, ending with a line feed.
 */
@Service
@Command(scope = "capsule", name = "invoke", description = "Calls one export of a capsule's WebAssembly plugin.")
public final class InvokeCommand implements Action {
  @Reference
  private CapsuleRegistry registry;

  @Argument(index = 0, name = "CAPSULE", description = "the capsule's id", required = true)
  @Completion(CapsuleIdCompleter.class)
  private String capsule;

  @Argument(index = 1, name = "EXPORT", description = "the export's name, such as count_vowels", required = true)
  private String export;

  @Argument(index = 2, name = "INPUT", description = "the input, as UTF-8 text")
  private String input = "";

  @Override
  public Object execute() {
    byte[] output = registry.invoke(capsule, export, input.getBytes(StandardCharsets.UTF_8));
    String text = UntrustedText.escapeKeepingLines(new String(output, StandardCharsets.UTF_8));
    Console.print(out -> out.print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n"));
    return null;
  }
}
