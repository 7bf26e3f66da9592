package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code capsule invoke CAPSULE EXPORT [INPUT]}: one export of a WebAssembly plugin, as Extism's CLI calls it. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and calls one export of a capsule's WebAssembly plugin by name, as a plain"
        + " Extism plugin is called: the input as bytes in, the output as bytes out. The call goes through the"
        + " pipeline like a tool call (interceptors, timeout).",
        "On a terminal, control characters of the output other than line feeds and tabs are shown escaped"
            + " (\\\\u001b); into a file or a pipe the output is written as the plugin returned it.",
        "Exits 1 when the call fails (its error, a trap, a denial, the timeout)."})
final class InvokeCommand extends DockingCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CAPSULE", description = "the capsule's id")
  private String capsule;

  @Parameters(index = "1", paramLabel = "EXPORT", description = "the export's name, such as count_vowels")
  private String export;

  @Parameters(index = "2", paramLabel = "INPUT", defaultValue = "", description = "the input, as UTF-8 text")
  private String input;

  @Override
  public Integer call() {
    DockedCapsules.Docked docked = dock();
    try {
      byte[] output = docked.registry().invoke(capsule, export, input.getBytes(StandardCharsets.UTF_8));
      out().flush();
      if (outputIsTerminal()) {
        out().print(UntrustedText.escapeKeepingLines(new String(output, StandardCharsets.UTF_8)));
        out().flush();
      } else {
        // The bytes as the plugin wrote them, not decoded: not everything a plugin outputs is text.
        System.out.write(output);
        System.out.flush();
      }
      return 0;
    } catch (CapsuleException e) {
      err().println("capsule invoke: " + UntrustedText.escape(e.getMessage()));
      return 1;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the output failed", e);
    }
  }
}
