package io.astrid.capsule.launcher;

import io.astrid.capsule.api.engine.PluginExports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code capsule invoke CAPSULE EXPORT [INPUT]}: one export of a WebAssembly plugin, as Extism's CLI calls it. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and calls one export of a capsule's WebAssembly plugin by name, as a plain"
        + " Extism plugin is called: the input as bytes in, the output as bytes out.",
        "Exits 1 when the call fails (its error, a trap, the timeout)."})
final class InvokeCommand extends DockingCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CAPSULE", description = "the capsule's id")
  private String capsule;

  @Parameters(index = "1", paramLabel = "EXPORT", description = "the export's name, such as count_vowels")
  private String export;

  @Parameters(index = "2", paramLabel = "INPUT", defaultValue = "", description = "the input, as UTF-8 text")
  private String input;

  @Override
  public Integer call() {
    dock();
    try {
      byte[] output = container().service(PluginExports.class).call(capsule, export,
          input.getBytes(StandardCharsets.UTF_8));
      out().flush();
      // The bytes as the plugin wrote them, not decoded: not everything a plugin outputs is text.
      System.out.write(output);
      System.out.flush();
      return 0;
    } catch (IOException e) {
      err().println("capsule invoke: " + e.getMessage());
      return 1;
    }
  }
}
