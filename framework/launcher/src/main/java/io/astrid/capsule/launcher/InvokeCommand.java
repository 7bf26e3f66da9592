package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code capsule invoke CAPSULE EXPORT [INPUT]}: one export of a WebAssembly plugin, as Extism's CLI calls it. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and calls one export of a capsule's WebAssembly plugin by name.",
        "It is called as a plain Extism plugin is: the input as bytes in, the output as bytes out. The call goes"
            + " through the pipeline like a tool call (interceptors, timeout). INPUT - reads the input from"
            + " standard input.",
        "On a terminal, control characters of the output other than line feeds and tabs are shown escaped"
            + " (\\\\u001b), and a line feed ends the output; into a file or a pipe the output is written as the"
            + " plugin returned it.",
        "Exits " + ExitCodes.FAILED + " when the call fails (its error, a trap, a denial, the timeout, a capsule"
            + " that is not READY), " + ExitCodes.PROBLEMS + " when no such capsule is installed."})
final class InvokeCommand extends DockingCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CAPSULE", description = "the capsule's id")
  private String capsule;

  @Parameters(index = "1", paramLabel = "EXPORT", description = "the export's name, such as count_vowels")
  private String export;

  @Parameters(index = "2", paramLabel = "INPUT", defaultValue = "", description = "the input, as UTF-8 text; - for"
      + " standard input, read as bytes (at most 16 MiB)")
  private String input;

  @Mixin
  private JsonOutput json;

  @Mixin
  private StandaloneOption standalone;

  @Override
  public Integer call() {
    byte[] bytes = "-".equals(input) ? standardInput() : input.getBytes(StandardCharsets.UTF_8);
    DockedCapsules.Docked docked = dock();
    try {
      byte[] output = docked.registry().invoke(capsule, export, bytes);
      if (json.enabled()) {
        JsonOutput.print(out(), document(Optional.of(output), Optional.empty()));
      } else {
        write(output);
      }
      return ExitCodes.OK;
    } catch (CapsuleException e) {
      if (json.enabled()) {
        JsonOutput.print(out(), document(Optional.empty(), Optional.of(e.getMessage())));
      }
      err().println("capsule invoke: " + UntrustedText.escape(e.getMessage()));
      return docked.registry().capsule(capsule).isPresent() ? ExitCodes.FAILED : ExitCodes.PROBLEMS;
    }
  }

  private void write(byte[] output) {
    out().flush();
    if (outputIsTerminal()) {
      String text = UntrustedText.escapeKeepingLines(new String(output, StandardCharsets.UTF_8));
      // The shell's prompt starts on a line of its own.
      out().print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
      out().flush();
      return;
    }
    try {
      // The bytes as the plugin wrote them, not decoded: not everything a plugin outputs is text.
      rawOut().write(output);
      rawOut().flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the output failed", e);
    }
  }

  /** The {@code --json} document: docs/schemas/invoke.schema.json. */
  private Map<String, Object> document(Optional<byte[]> output, Optional<String> error) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("capsule", capsule);
    document.put("export", export);
    document.put("ok", error.isEmpty());
    document.put("output", output.flatMap(InvokeCommand::utf8).orElse(null));
    document.put("outputBase64", output.map(Base64.getEncoder()::encodeToString).orElse(null));
    document.put("error", error.orElse(null));
    return document;
  }

  /** The bytes as text when they are well-formed UTF-8: only then do they survive the round trip unchanged. */
  private static Optional<String> utf8(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes) ? Optional.of(text) : Optional.empty();
  }
}
